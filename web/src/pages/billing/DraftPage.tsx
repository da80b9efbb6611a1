import { ActionIcon, Alert, Button, Card, Group, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data } from '../../api/client.ts';
import { refreshData, useCanWrite } from '../../api/session.ts';
import { useAccountLabel } from '../../components/AccountName.tsx';
import { DocumentLines } from '../../components/DocumentLines.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useT } from '../../i18n/i18n.tsx';

function ManualLine({ draftId }: { draftId: string }) {
  const t = useT();
  const client = useQueryClient();
  const { form, onSubmit, problem } = useApiForm(
    { description: '', quantity: '1', unit_price: '' },
    (values) =>
      data(
        api.POST('/api/v1/invoice-drafts/{id}/lines', {
          params: { path: { id: draftId } },
          body: {
            description: values.description.trim(),
            quantity: values.quantity.trim(),
            unit_price: values.unit_price.trim(),
          },
        }),
      ),
    async () => {
      form.reset();
      await client.invalidateQueries({ queryKey: ['draft', draftId] });
    },
  );
  return (
    <Card withBorder radius="md">
      <form onSubmit={onSubmit} noValidate aria-label={t('draft.addLine')}>
        <Stack gap="sm">
          <Title order={2} size="h5">
            {t('draft.addLine')}
          </Title>
          {problem && <Alert color="red">{problem}</Alert>}
          <Group align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
            <TextInput
              label={t('lines.description')}
              required
              miw={220}
              {...form.getInputProps('description')}
            />
            <TextInput
              label={t('lines.quantity')}
              inputMode="decimal"
              maw={120}
              {...form.getInputProps('quantity')}
            />
            <TextInput
              label={t('lines.unitPrice')}
              inputMode="decimal"
              required
              maw={160}
              {...form.getInputProps('unit_price')}
            />
          </Group>
          <Group justify="flex-end">
            <Button type="submit" variant="light" loading={form.submitting}>
              {t('draft.addLine')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** A draft: its lines, a manual line added or one removed, then sent as a numbered invoice. */
export default function DraftPage() {
  const t = useT();
  const canWrite = useCanWrite();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { draftId } = useParams({ from: '/signed-in/billing/drafts/$draftId' });
  const [sending, setSending] = useState(false);
  const query = useQuery({
    queryKey: ['draft', draftId],
    queryFn: () => data(api.GET('/api/v1/invoice-drafts/{id}', { params: { path: { id: draftId } } })),
    throwOnError: true,
  });
  const draft = query.data;
  const accountLabel = useAccountLabel(draft?.account ?? '');
  if (!draft) return null;
  const editable = canWrite && draft.status === 'draft';
  const remove = async (line: string) => {
    try {
      await data(
        api.DELETE('/api/v1/invoice-drafts/{id}/lines/{line}', { params: { path: { id: draftId, line } } }),
      );
      await client.invalidateQueries({ queryKey: ['draft', draftId] });
    } catch (error) {
      notifications.show({ color: 'red', message: (error as Error).message });
    }
  };
  const send = async () => {
    setSending(true);
    try {
      const invoice = await data(
        api.POST('/api/v1/invoice-drafts/{id}/send', { params: { path: { id: draftId } }, body: {} }),
      );
      notifications.show({ color: 'green', message: t('draft.sent', { number: invoice.number }) });
      await refreshData(client);
      await navigate({ to: '/invoices/$invoiceId', params: { invoiceId: invoice.uuid } });
    } catch (error) {
      notifications.show({ color: 'red', message: (error as Error).message });
    } finally {
      setSending(false);
    }
  };
  return (
    <Stack>
      <PageHeader title={t('draft.title', { account: accountLabel })}>
        <StatusBadge status={draft.status} />
        {editable && (
          <Button onClick={send} loading={sending} disabled={draft.lines.length === 0}>
            {t('draft.send')}
          </Button>
        )}
      </PageHeader>
      <Card withBorder radius="md" p={0}>
        <DocumentLines
          document={draft}
          action={
            editable
              ? (line) => (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('draft.removeLine', { description: line.description })}
                    onClick={() => line.uuid && remove(line.uuid)}
                  >
                    ×
                  </ActionIcon>
                )
              : undefined
          }
        />
      </Card>
      {editable && <ManualLine draftId={draftId} />}
    </Stack>
  );
}
