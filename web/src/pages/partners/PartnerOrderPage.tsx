import { Anchor, Card, SimpleGrid, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { api, data } from '../../api/client.ts';
import { useAccountLabel } from '../../components/AccountName.tsx';
import { Detail } from '../../components/Detail.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDateTime, formatMoney } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';
import { usePartnerNames } from './PartnersPage.tsx';

function AccountLink({ id }: { id: string }) {
  const label = useAccountLabel(id);
  return (
    <Anchor renderRoot={(props) => <Link to="/accounts/$accountId" params={{ accountId: id }} {...props} />}>
      {label || id}
    </Anchor>
  );
}

/** A partner's order: who, what and where, the subscriptions it made and its invoice. */
export default function PartnerOrderPage() {
  const t = useT();
  const { language } = useLanguage();
  const names = usePartnerNames();
  const { number } = useParams({ from: '/signed-in/partners/orders/$number' });
  const query = useQuery({
    queryKey: ['partner-orders', number],
    queryFn: () => data(api.GET('/api/v1/partner-orders/{number}', { params: { path: { number } } })),
    throwOnError: true,
  });
  const order = query.data;
  if (!order) return null;
  const { invoice } = order;
  return (
    <Stack>
      <PageHeader title={t('partners.orderTitle', { number: order.number, origin: order.origin })}>
        <StatusBadge status={invoice.status} />
      </PageHeader>
      <Card withBorder radius="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
          <Detail label={t('partners.origin')} value={order.origin} />
          <Detail label={t('common.created')} value={formatDateTime(order.created_date, language)} />
          <Detail label={t('order.account')} value={<AccountLink id={order.account} />} />
          <Detail
            label={t('partners.employer')}
            value={order.employer && <AccountLink id={order.employer} />}
          />
          <Detail label={t('catalog.businessUnits')} value={names.unit(order.business_unit)} />
          <Detail label={t('partners.products')} value={order.products.map(names.product).join('\n')} />
          <Detail
            label={t('nav.subscriptions')}
            value={
              <Stack gap={2}>
                {order.subscriptions.map((id, index) => (
                  <Anchor
                    key={id}
                    renderRoot={(props) => (
                      <Link to="/subscriptions/$subscriptionId" params={{ subscriptionId: id }} {...props} />
                    )}
                  >
                    {t('partners.subscription', { n: index + 1 })}
                  </Anchor>
                ))}
              </Stack>
            }
          />
        </SimpleGrid>
      </Card>
      <Card withBorder radius="md">
        <Title order={2} size="h5" mb="sm">
          {t('partners.invoice')}
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          <Detail
            label={t('invoice.number')}
            value={
              <Anchor
                renderRoot={(props) => (
                  <Link to="/invoices/$invoiceId" params={{ invoiceId: invoice.uuid }} {...props} />
                )}
              >
                {invoice.number}
              </Anchor>
            }
          />
          <Detail label={t('invoice.paymentReference')} value={invoice.payment_reference} />
          <Detail label={t('invoice.total')} value={formatMoney(invoice.total, invoice.currency, language)} />
          <Detail
            label={t('invoice.balance')}
            value={formatMoney(invoice.balance, invoice.currency, language)}
          />
        </SimpleGrid>
      </Card>
    </Stack>
  );
}
