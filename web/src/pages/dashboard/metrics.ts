import { useQuery } from '@tanstack/react-query';
import { api, data, type Schemas } from '../../api/client.ts';

export type Summary = Schemas['MetricsSummary'];
export type CurrencySummary = Schemas['MetricsCurrencySummary'];

/** The first day of the month `months` months before the month of `date` (0: its own month). */
export function monthStart(date: string, months = 0): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 - months;
  const first = new Date(Date.UTC(year, month, 1));
  return first.toISOString().slice(0, 10);
}

/**
 * The metrics summary at the close of today (the server's, in the organization's time zone), over the
 * month ending today or, with `month_to_date`, from the first day of this month.
 */
export function useSummary(period: 'month' | 'month_to_date' = 'month') {
  return useQuery({
    queryKey: ['metrics', 'summary', period],
    queryFn: () => data(api.GET('/api/v1/metrics/summary', { params: { query: { period } } })),
  });
}

/** A decimal string of the API as a number, for a chart's axis (the figures beside it stay exact). */
export function amount(value: string | null | undefined): number {
  return value == null ? 0 : Number(value);
}

/** Exact sum of the API's decimal strings (any number of decimals), as a decimal string. */
export function addDecimals(values: readonly string[]): string {
  const scale = Math.max(0, ...values.map((v) => (v.split('.')[1] ?? '').length));
  const units = (v: string) => {
    const negative = v.startsWith('-');
    const [whole = '0', fraction = ''] = v.replace('-', '').split('.');
    const n = BigInt(whole + fraction.padEnd(scale, '0'));
    return negative ? -n : n;
  };
  const total = values.reduce((sum, v) => sum + units(v), 0n);
  const digits = (total < 0n ? -total : total).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return total < 0n ? `-${text}` : text;
}

/** What is overdue of a receivables ageing: everything but what is not yet due. */
export function overdue(r: CurrencySummary['receivables']): string {
  return addDecimals([r.days_0_30, r.days_31_60, r.days_61_90, r.days_over_90]);
}
