import '@mantine/charts/styles.css';
import { AreaChart, BarChart } from '@mantine/charts';
import {
  Box,
  Card,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { api, data } from '../../api/client.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDate, formatMoney, formatNumber, type Language, LOCALES } from '../../format.ts';
import { type MessageId, useLanguage, useT } from '../../i18n/i18n.tsx';
import { ConvertedFigures, Figures } from './DashboardFigures.tsx';
import { addDecimals, amount, monthStart, useSummary } from './metrics.ts';

/**
 * The metrics of docs/metrics.md in charts and tables: the MRR series with its movements, the month's
 * figures (ARR, accounts, ARPA, churn rates, DSO, trials), receivables by age with the accounts behind
 * them, the movements with the accounts that moved, and every currency side by side.
 */

const MOVEMENTS = [
  { name: 'new', color: 'teal.6' },
  { name: 'expansion', color: 'blue.6' },
  { name: 'reactivation', color: 'cyan.5' },
  { name: 'contraction', color: 'orange.6' },
  { name: 'churn', color: 'red.7' },
] as const;
const BUCKETS = ['not_due', 'days_0_30', 'days_31_60', 'days_61_90', 'days_over_90'] as const;
const RANGES = ['3', '12', '24'] as const;

function monthLabel(start: string, language: Language) {
  const date = new Date(Date.UTC(Number(start.slice(0, 4)), Number(start.slice(5, 7)) - 1, 1));
  return new Intl.DateTimeFormat(LOCALES[language], {
    month: 'short',
    year: '2-digit',
    timeZone: 'UTC',
  }).format(date);
}

function Section({ title, children, id }: { title: string; children: ReactNode; id: string }) {
  return (
    <Card withBorder radius="md" padding="lg" data-testid={id} component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** A table wider than a phone scrolls sideways; the region takes the focus, so a keyboard scrolls it too. */
function Scroll({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <Box style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={label}>
      <Box miw={minWidth}>{children}</Box>
    </Box>
  );
}

const ALL = 'all';

export default function DashboardPage() {
  const t = useT();
  const { language } = useLanguage();
  const [range, setRange] = useState<(typeof RANGES)[number]>('12');
  const [chosen, setChosen] = useState<string | null>(null);
  const summary = useSummary();
  // The server's today, in the organization's time zone: the browser's clock may differ.
  const today = summary.data?.date;
  // ALL: every currency converted to the organization's (when it has set exchange rates).
  const all = chosen === ALL && summary.data?.converted != null;
  const currency = all
    ? summary.data?.organization_currency
    : (chosen ?? summary.data?.organization_currency);
  const only = all ? undefined : currency;
  const from = today ? monthStart(today, Number(range) - 1) : undefined;
  const enabled = today !== undefined && currency !== undefined;
  const series = useQuery({
    queryKey: ['metrics', 'mrr', from, today, currency, all],
    queryFn: () =>
      data(
        api.GET('/api/v1/metrics/mrr', {
          params: {
            query: {
              from,
              to: today,
              interval: 'month',
              ...(all ? { convert: 'true' as const } : { currency }),
            },
          },
        }),
      ),
    enabled,
  });
  const receivables = useQuery({
    queryKey: ['metrics', 'receivables', today, only],
    queryFn: () =>
      data(api.GET('/api/v1/metrics/receivables', { params: { query: { date: today, currency: only } } })),
    enabled,
  });
  const movements = useQuery({
    queryKey: ['metrics', 'movements', from, today, only],
    queryFn: () =>
      data(
        api.GET('/api/v1/metrics/mrr/movements', {
          params: { query: { from, to: today, currency: only, limit: 50 } },
        }),
      ),
    enabled,
  });
  const c = summary.data?.currencies.find((x) => x.currency === currency);
  const money = (v: string | number) => formatMoney(v, currency ?? 'EUR', language);
  const steps = series.data?.results ?? [];
  const mrrData = steps.map((s) => ({ month: monthLabel(s.start, language), mrr: amount(s.mrr) }));
  const movementData = steps.map((s) => ({
    month: monthLabel(s.start, language),
    ...Object.fromEntries(MOVEMENTS.map((m) => [m.name, amount(s.movements[m.name])])),
    ...(all ? { currency_effect: amount(s.currency_effect) } : {}),
  }));
  const ageing = all ? summary.data?.converted?.receivables : receivables.data?.currencies[0];
  const ageingData = BUCKETS.map((b) => ({
    bucket: t(`dashboard.bucket.${b}` as MessageId),
    amount: ageing ? amount(ageing[b]) : 0,
  }));
  const movementLabel = (name: string) => t(`dashboard.movement.${name}` as MessageId);
  return (
    <>
      <PageHeader title={t('nav.dashboard')}>
        <SegmentedControl
          aria-label={t('dashboard.range')}
          value={range}
          onChange={(value) => setRange(value as (typeof RANGES)[number])}
          data={RANGES.map((value) => ({ value, label: t('dashboard.months', { count: Number(value) }) }))}
        />
        {summary.data && (summary.data.currencies.length > 1 || summary.data.converted) && (
          <Select
            aria-label={t('dashboard.currency')}
            w={summary.data.converted ? 210 : 110}
            allowDeselect={false}
            value={all ? ALL : (currency ?? null)}
            onChange={setChosen}
            data={[
              ...(summary.data.converted
                ? [{ value: ALL, label: t('dashboard.allIn', { currency: summary.data.converted.currency }) }]
                : []),
              ...summary.data.currencies.map((x) => x.currency),
            ]}
          />
        )}
      </PageHeader>
      <Stack gap="md">
        {summary.data && all && summary.data.converted ? (
          <ConvertedFigures summary={summary.data} converted={summary.data.converted} />
        ) : summary.data && c ? (
          <Figures summary={summary.data} c={c} />
        ) : (
          <Skeleton height={180} />
        )}
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <Section id="chart-mrr" title={t('dashboard.mrrChart', { currency: currency ?? '' })}>
            {series.data ? (
              <AreaChart
                h={260}
                data={mrrData}
                dataKey="month"
                series={[{ name: 'mrr', label: t('dashboard.mrr'), color: 'indigo.6' }]}
                valueFormatter={money}
                yAxisProps={{ width: 90 }}
                curveType="linear"
              />
            ) : (
              <Skeleton height={260} />
            )}
          </Section>
          <Section id="chart-movements" title={t('dashboard.movementsChart')}>
            {series.data ? (
              <BarChart
                h={260}
                data={movementData}
                dataKey="month"
                type="stacked"
                withLegend
                series={[
                  ...MOVEMENTS.map((m) => ({ name: m.name, color: m.color, label: movementLabel(m.name) })),
                  ...(all
                    ? [{ name: 'currency_effect', color: 'gray.6', label: t('dashboard.currencyEffect') }]
                    : []),
                ]}
                valueFormatter={money}
                yAxisProps={{ width: 90 }}
              />
            ) : (
              <Skeleton height={260} />
            )}
          </Section>
        </SimpleGrid>
        <Section id="series-table" title={t('dashboard.seriesTable')}>
          <Scroll label={t('dashboard.scroll')} minWidth={640}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dashboard.month')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.mrr')}</Table.Th>
                  {MOVEMENTS.map((m) => (
                    <Table.Th key={m.name} ta="right">
                      {movementLabel(m.name)}
                    </Table.Th>
                  ))}
                  {all && <Table.Th ta="right">{t('dashboard.currencyEffect')}</Table.Th>}
                  <Table.Th ta="right">{t('dashboard.arr')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {steps.map((s) => (
                  <Table.Tr key={s.start} data-testid={`step-${s.start.slice(0, 7)}`}>
                    <Table.Td>{monthLabel(s.start, language)}</Table.Td>
                    <Table.Td ta="right" data-testid="step-mrr">
                      {money(s.mrr)}
                    </Table.Td>
                    {MOVEMENTS.map((m) => (
                      <Table.Td key={m.name} ta="right" data-testid={`step-${m.name}`}>
                        {money(s.movements[m.name])}
                      </Table.Td>
                    ))}
                    {all && (
                      <Table.Td ta="right" data-testid="step-currency-effect">
                        {money(s.currency_effect ?? '0')}
                      </Table.Td>
                    )}
                    <Table.Td ta="right">{money(s.arr)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Scroll>
        </Section>
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <Section id="receivables" title={t('dashboard.receivables')}>
            {receivables.data ? (
              <BarChart
                h={220}
                data={ageingData}
                dataKey="bucket"
                series={[{ name: 'amount', label: t('dashboard.receivables'), color: 'orange.6' }]}
                valueFormatter={money}
                yAxisProps={{ width: 90 }}
              />
            ) : (
              <Skeleton height={220} />
            )}
            <Table mt="sm" data-testid="receivables-accounts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('order.account')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.overdue')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.total')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(receivables.data?.accounts ?? []).slice(0, 10).map((a) => (
                  <Table.Tr key={a.account.uuid}>
                    <Table.Td>
                      <AnchorLink to="/accounts/$accountId" params={{ accountId: a.account.uuid }}>
                        {a.account.name}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td ta="right">
                      {formatMoney(addDecimals([a.total, `-${a.not_due}`]), a.currency, language)}
                    </Table.Td>
                    <Table.Td ta="right">{formatMoney(a.total, a.currency, language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>
          <Section id="movements" title={t('dashboard.movements')}>
            <Scroll label={t('dashboard.scroll')} minWidth={420}>
              <Table data-testid="movements-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('dashboard.date')}</Table.Th>
                    <Table.Th>{t('order.account')}</Table.Th>
                    <Table.Th>{t('dashboard.type')}</Table.Th>
                    <Table.Th ta="right">{t('dashboard.amount')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {[...(movements.data?.results ?? [])].reverse().map((m) => (
                    <Table.Tr key={`${m.date}-${m.account.uuid}`}>
                      <Table.Td>{formatDate(m.date, language)}</Table.Td>
                      <Table.Td>
                        <AnchorLink to="/accounts/$accountId" params={{ accountId: m.account.uuid }}>
                          {m.account.name}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>{movementLabel(m.type)}</Table.Td>
                      <Table.Td ta="right">{formatMoney(m.amount, m.currency, language)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Scroll>
            {movements.data && movements.data.count === 0 && (
              <Text size="sm" c="gray.7">
                {t('dashboard.noMovements')}
              </Text>
            )}
          </Section>
        </SimpleGrid>
        <Section
          id="currencies"
          title={t('dashboard.currencies', {
            period: summary.data
              ? t('dashboard.period', {
                  from: formatDate(summary.data.period.start, language),
                  to: formatDate(summary.data.period.end, language),
                })
              : '',
          })}
        >
          <Scroll label={t('dashboard.scroll')} minWidth={640}>
            <Table striped data-testid="currencies-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dashboard.currency')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.mrr')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.arr')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.payingAccounts')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.invoiced')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.paid')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.receivablesTotal')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(summary.data?.currencies ?? []).map((x) => (
                  <Table.Tr key={x.currency} data-testid={`currency-${x.currency}`}>
                    <Table.Td>{x.currency}</Table.Td>
                    <Table.Td ta="right">{formatMoney(x.mrr, x.currency, language)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(x.arr, x.currency, language)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(x.paying_accounts, language)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(x.invoiced, x.currency, language)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(x.paid, x.currency, language)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(x.receivables.total, x.currency, language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Scroll>
        </Section>
        <Group justify="flex-end">
          <Text size="xs" c="gray.7">
            {t('dashboard.definitions')}
          </Text>
        </Group>
      </Stack>
    </>
  );
}
