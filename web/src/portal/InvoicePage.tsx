import { Anchor, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api, data } from '../api/client.ts';
import { formatDate, formatMoney } from '../format.ts';
import { AmountRows } from './AmountRows.tsx';
import { useInvoiceActions } from './invoice-actions.ts';
import { NotFound } from './PortalApp.tsx';
import { usePortalLanguage, usePortalT } from './portal-i18n.tsx';
import { PORTAL_ROOT } from './portal-path.ts';
import { StatusLabel } from './StatusLabel.tsx';

/** One invoice of the customer's: its lines and totals, to download or pay. Another's: not found. */
export function InvoicePage({ id, navigate }: { id: string; navigate: (path: string) => void }) {
  const t = usePortalT();
  const { language } = usePortalLanguage();
  const { download, pay } = useInvoiceActions();
  const invoice = useQuery({
    queryKey: ['portal-invoice', id],
    queryFn: () => data(api.GET('/api/self-service/invoices/{id}', { params: { path: { id } } })),
    retry: false,
  });
  if (invoice.error instanceof ApiError && invoice.error.status === 404)
    return <NotFound onBack={() => navigate(PORTAL_ROOT)} />;
  if (!invoice.data) return <Text>{t('portal.loading')}</Text>;
  const doc = invoice.data;
  const money = (amount: string) => formatMoney(amount, doc.currency, language);
  return (
    <Stack>
      <Anchor
        href={PORTAL_ROOT}
        onClick={(event) => {
          event.preventDefault();
          navigate(PORTAL_ROOT);
        }}
      >
        ← {t('notFound.back')}
      </Anchor>
      <Card withBorder padding="lg" radius="md">
        <Group justify="space-between" mb="md">
          <Title order={2} size="h3">
            {t('invoice.title', { number: doc.number })}
          </Title>
          <StatusLabel status={doc.status} />
        </Group>
        <Group gap="xl" mb="md">
          <Text>
            {t('invoices.date')}: {formatDate(doc.issue_date, language)}
          </Text>
          {doc.due_date ? (
            <Text>
              {t('invoices.due')}: {formatDate(doc.due_date, language)}
            </Text>
          ) : null}
          {doc.payment_reference ? (
            <Text>
              {t('invoice.reference')}: {doc.payment_reference}
            </Text>
          ) : null}
        </Group>
        <Table.ScrollContainer minWidth={420}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('invoice.line')}</Table.Th>
                <Table.Th ta="right">{t('invoice.amount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {doc.lines.map((line) => (
                <Table.Tr key={line.uuid}>
                  <Table.Td>{line.description}</Table.Td>
                  <Table.Td ta="right">{money(line.amount)}</Table.Td>
                </Table.Tr>
              ))}
              <AmountRows
                rows={[
                  { label: t('invoice.vat'), amount: money(doc.total_vat) },
                  { label: t('invoices.total'), amount: money(doc.total), strong: true },
                  { label: t('invoices.balance'), amount: money(doc.balance), strong: true },
                ]}
              />
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => void download(doc.uuid)}>
            {t('invoices.download')}
          </Button>
          {Number(doc.balance) > 0 ? (
            <Button loading={pay.isPending} onClick={() => pay.mutate(doc.uuid)}>
              {t('invoices.pay')}
            </Button>
          ) : null}
        </Group>
      </Card>
    </Stack>
  );
}
