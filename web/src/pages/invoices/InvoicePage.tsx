import {
  Alert,
  Button,
  Card,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { refreshData, useCanWrite } from '../../api/session.ts';
import { AccountName } from '../../components/AccountName.tsx';
import { Detail } from '../../components/Detail.tsx';
import { DocumentLines } from '../../components/DocumentLines.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { formatDate, formatMoney } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';
import { CreditDialog } from './CreditDialog.tsx';

type Invoice = Schemas['Invoice'];

function RecordPayment({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const t = useT();
  const client = useQueryClient();
  const { form, onSubmit, problem } = useApiForm(
    { amount: invoice.balance, date: null as string | null, reference: invoice.payment_reference ?? '' },
    (values) =>
      data(
        api.POST('/api/v1/payments', {
          body: {
            amount: values.amount.trim(),
            currency: invoice.currency,
            invoice: invoice.uuid,
            ...(values.date ? { date: values.date } : {}),
            ...(values.reference.trim() ? { reference: values.reference.trim() } : {}),
          },
        }),
      ),
    async () => {
      notifications.show({ color: 'green', message: t('payment.recorded') });
      await refreshData(client);
      onClose();
    },
  );
  return (
    <Modal opened onClose={onClose} title={t('payment.record')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {problem && <Alert color="red">{problem}</Alert>}
          <TextInput
            label={t('payment.amount')}
            inputMode="decimal"
            required
            {...form.getInputProps('amount')}
          />
          <DatePickerInput
            label={t('payment.date')}
            placeholder={t('billing.today')}
            clearable
            valueFormat="D MMM YYYY"
            {...form.getInputProps('date')}
          />
          <TextInput label={t('payment.reference')} {...form.getInputProps('reference')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {t('payment.record')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The invoice's PDF, by a short-lived download link, shown in the page and offered for download. */
function Pdf({ invoice }: { invoice: Invoice }) {
  const t = useT();
  const link = useQuery({
    queryKey: ['invoice-pdf', invoice.uuid],
    queryFn: () =>
      data(
        api.POST('/api/v1/invoices/{id}/download-link', {
          params: { path: { id: invoice.uuid } },
          body: {},
        }),
      ),
    staleTime: 60_000,
  });
  if (!link.data) return null;
  const url = new URL(link.data.url, location.origin);
  const sameOrigin = url.origin === location.origin;
  return (
    <Card withBorder radius="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5">
          {t('invoice.pdf')}
        </Title>
        <Button
          component="a"
          href={url.pathname + url.search}
          download={`${invoice.number}.pdf`}
          variant="light"
        >
          {t('invoice.download')}
        </Button>
      </Group>
      {sameOrigin && (
        <iframe
          title={t('invoice.pdfPreview', { number: invoice.number })}
          src={url.pathname + url.search}
          style={{ width: '100%', height: 560, border: 0 }}
        />
      )}
    </Card>
  );
}

function Dunning({ invoiceId }: { invoiceId: string }) {
  const t = useT();
  const { language } = useLanguage();
  const query = useQuery({
    queryKey: ['dunning', invoiceId],
    queryFn: () => data(api.GET('/api/v1/invoices/{id}/dunning', { params: { path: { id: invoiceId } } })),
  });
  const steps = query.data?.dunning ?? [];
  if (steps.length === 0) return null;
  return (
    <Card withBorder radius="md">
      <Title order={2} size="h5" mb="sm">
        {t('invoice.dunning')}
      </Title>
      <Table>
        <Table.Tbody>
          {steps.map((step) => (
            <Table.Tr key={step.step}>
              <Table.Td>{t('invoice.dunningStep', { step: step.step })}</Table.Td>
              <Table.Td>{formatDate(step.due_on, language)}</Table.Td>
              <Table.Td>{t(`dunning.${step.status}`)}</Table.Td>
              <Table.Td>{step.result ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

export default function InvoicePage() {
  const t = useT();
  const { language } = useLanguage();
  const canWrite = useCanWrite();
  const { invoiceId } = useParams({ from: '/signed-in/invoices/$invoiceId' });
  const [paying, setPaying] = useState(false);
  const [crediting, setCrediting] = useState(false);
  const query = useQuery({
    queryKey: ['invoice', invoiceId],
    queryFn: () => data(api.GET('/api/v1/invoices/{id}', { params: { path: { id: invoiceId } } })),
    throwOnError: true,
  });
  const invoice = query.data;
  if (!invoice) return null;
  const money = (amount: string) => formatMoney(amount, invoice.currency, language);
  const open = Number(invoice.balance) > 0;
  return (
    <Stack>
      <PageHeader title={t('invoice.title', { number: invoice.number })}>
        <StatusBadge status={invoice.status} />
        {canWrite && open && <Button onClick={() => setPaying(true)}>{t('payment.record')}</Button>}
        {canWrite && invoice.status !== 'credited' && (
          <Button variant="light" color="red" onClick={() => setCrediting(true)}>
            {t('invoice.credit')}
          </Button>
        )}
      </PageHeader>
      <Card withBorder radius="md">
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Detail label={t('order.account')} value={<AccountName id={invoice.account} />} />
          <Detail label={t('invoice.issueDate')} value={formatDate(invoice.issue_date, language)} />
          <Detail
            label={t('invoice.dueDate')}
            value={invoice.due_date ? formatDate(invoice.due_date, language) : '—'}
          />
          <Detail label={t('invoice.paymentReference')} value={invoice.payment_reference} />
          <Detail label={t('invoice.total')} value={money(invoice.total)} />
          <Detail label={t('invoice.paid')} value={money(invoice.paid)} />
          <Detail label={t('invoice.creditedAmount')} value={money(invoice.credited)} />
          <Detail
            label={t('invoice.balance')}
            value={
              <Text fw={700} data-testid="invoice-balance">
                {money(invoice.balance)}
              </Text>
            }
          />
        </SimpleGrid>
      </Card>
      <Card withBorder radius="md" p={0}>
        <DocumentLines document={invoice} />
      </Card>
      <Dunning invoiceId={invoice.uuid} />
      <Pdf invoice={invoice} />
      {crediting && <CreditDialog invoice={invoice} onClose={() => setCrediting(false)} />}
      {paying && <RecordPayment invoice={invoice} onClose={() => setPaying(false)} />}
    </Stack>
  );
}
