import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../api/client.ts';
import { formatDate, formatMoney } from '../format.ts';
import { useInvoiceActions } from './invoice-actions.ts';
import { usePortalLanguage, usePortalT } from './portal-i18n.tsx';
import { StatusLabel } from './StatusLabel.tsx';

export function InvoicesSection({ navigate }: { currency: string; navigate: (path: string) => void }) {
  const t = usePortalT();
  const { language } = usePortalLanguage();
  const { download, pay } = useInvoiceActions();
  const invoices = useQuery({
    queryKey: ['portal-invoices'],
    queryFn: () => data(api.GET('/api/self-service/invoices', { params: { query: { limit: 100 } } })),
  });
  const creditNotes = useQuery({
    queryKey: ['portal-credit-notes'],
    queryFn: () => data(api.GET('/api/self-service/credit-notes', { params: { query: { limit: 100 } } })),
  });
  if (!invoices.data) return <Text>{t('portal.loading')}</Text>;
  const numberOf = new Map(invoices.data.results.map((invoice) => [invoice.uuid, invoice.number]));
  return (
    <Stack gap="xl">
      {invoices.data.results.length === 0 ? (
        <Text c="dimmed">{t('invoices.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" highlightOnHover style={{ whiteSpace: 'nowrap' }}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('invoices.number')}</Table.Th>
                <Table.Th>{t('invoices.date')}</Table.Th>
                <Table.Th>{t('invoices.due')}</Table.Th>
                <Table.Th ta="right">{t('invoices.total')}</Table.Th>
                <Table.Th ta="right">{t('invoices.balance')}</Table.Th>
                <Table.Th>{t('invoices.status')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invoices.data.results.map((invoice) => (
                <Table.Tr key={invoice.uuid}>
                  <Table.Td>
                    <Anchor
                      href={`/self-service/invoices/${invoice.uuid}`}
                      aria-label={t('invoices.open', { number: invoice.number })}
                      onClick={(event) => {
                        event.preventDefault();
                        navigate(`/self-service/invoices/${invoice.uuid}`);
                      }}
                    >
                      {invoice.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatDate(invoice.issue_date, language)}</Table.Td>
                  <Table.Td>{invoice.due_date ? formatDate(invoice.due_date, language) : ''}</Table.Td>
                  <Table.Td ta="right">{formatMoney(invoice.total, invoice.currency, language)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(invoice.balance, invoice.currency, language)}</Table.Td>
                  <Table.Td>
                    <StatusLabel status={invoice.status} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button size="compact-sm" variant="default" onClick={() => void download(invoice.uuid)}>
                        {t('invoices.download')}
                      </Button>
                      {Number(invoice.balance) > 0 ? (
                        <Button
                          size="compact-sm"
                          loading={pay.isPending && pay.variables === invoice.uuid}
                          onClick={() => pay.mutate(invoice.uuid)}
                        >
                          {t('invoices.pay')}
                        </Button>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {creditNotes.data && creditNotes.data.results.length > 0 ? (
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('invoices.creditNotes')}
          </Title>
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing="sm" style={{ whiteSpace: 'nowrap' }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('invoices.number')}</Table.Th>
                  <Table.Th>{t('invoices.date')}</Table.Th>
                  <Table.Th>{t('invoices.creditFor')}</Table.Th>
                  <Table.Th ta="right">{t('invoices.total')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {creditNotes.data.results.map((note) => (
                  <Table.Tr key={note.uuid}>
                    <Table.Td>{note.number}</Table.Td>
                    <Table.Td>{formatDate(note.issue_date, language)}</Table.Td>
                    <Table.Td>{numberOf.get(note.invoice) ?? ''}</Table.Td>
                    <Table.Td ta="right">{formatMoney(note.total, note.currency, language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      ) : null}
    </Stack>
  );
}
