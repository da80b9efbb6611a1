import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { useT } from '../i18n/i18n.tsx';

/**
 * A secret the API answers once (an API token, a webhook signing secret): shown in a dialog with a
 * copy button, and never again after it is closed.
 */
export function SecretModal({
  title,
  secret,
  help,
  onClose,
}: {
  title: string;
  secret: string;
  help?: string;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack>
        <Alert color="yellow" role="status">
          {t('secret.once')}
        </Alert>
        {help && <Text size="sm">{help}</Text>}
        <Code block data-testid="secret" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {secret}
        </Code>
        <Group justify="flex-end">
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button variant="light" color={copied ? 'green' : undefined} onClick={copy}>
                {t(copied ? 'secret.copied' : 'secret.copy')}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>{t('secret.done')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
