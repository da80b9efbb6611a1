import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatDecimal,
  formatDuration,
  formatMoney,
  formatNumber,
} from './format.ts';

// Intl puts a (narrow) no-break space where a person sees a space; compare what a person reads.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('writes each currency as its readers do', () => {
    expect(plain(formatMoney('1234.50', 'DKK', 'da'))).toBe('1.234,50 kr.');
    expect(plain(formatMoney('1234.50', 'SEK', 'sv'))).toBe('1 234,50 kr');
    expect(plain(formatMoney('1234.5', 'EUR', 'de'))).toBe('1.234,50 €');
    expect(plain(formatMoney('1234.5', 'EUR', 'en'))).toBe('€1,234.50');
  });

  it('keeps every digit of a decimal string, never rounding through a float', () => {
    // 0.1 + 0.2 style trouble: the string is formatted as written.
    expect(plain(formatMoney('90071992547409.93', 'DKK', 'en'))).toBe('DKK 90,071,992,547,409.93');
    expect(plain(formatMoney('-125.00', 'SEK', 'sv'))).toBe('−125,00 kr');
  });

  it("takes the currency's own minor units", () => {
    expect(plain(formatMoney('1500', 'ISK', 'en'))).toBe('ISK 1,500');
    expect(plain(formatMoney(0, 'DKK', 'da'))).toBe('0,00 kr.');
  });
});

describe('formatNumber', () => {
  it('groups and separates decimals by language', () => {
    expect(plain(formatNumber('1234567.25', 'de'))).toBe('1.234.567,25');
    expect(plain(formatNumber(1500, 'sv'))).toBe('1 500');
  });
});

describe('formatDate', () => {
  it('shows the calendar day itself whatever the time zone of the browser', () => {
    expect(formatDate('2025-01-31', 'en')).toBe('31 Jan 2025');
    expect(formatDate('2025-01-31', 'da')).toBe('31. jan. 2025');
    expect(formatDate('2025-01-31', 'sv')).toBe('31 jan. 2025');
    expect(formatDate('2025-01-31', 'de')).toBe('31.01.2025');
  });

  it('answers what it cannot read as it came', () => {
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });
});

describe('formatDateTime', () => {
  it("shows an instant in the organization's time zone", () => {
    expect(plain(formatDateTime('2025-01-15T23:30:00Z', 'en', 'Europe/Copenhagen'))).toBe(
      '16 Jan 2025, 00:30',
    );
    expect(plain(formatDateTime('2025-07-01T10:00:00Z', 'sv', 'Europe/Stockholm'))).toBe('1 juli 2025 12:00');
  });
});

describe('formatDuration', () => {
  it('says an ISO duration in words', () => {
    expect(formatDuration('P12M', 'en')).toBe('12 months');
    expect(formatDuration('P1Y', 'da')).toBe('1 år');
    expect(formatDuration('P1M14D', 'de')).toBe('1 Monat und 14 Tage');
    expect(formatDuration(null, 'en')).toBe('');
  });
});

describe('formatDecimal', () => {
  it('keeps every digit of an exchange rate, in the reader’s notation', () => {
    expect(formatDecimal('7.4612', 'da')).toBe('7,4612');
    expect(formatDecimal('7.4612', 'en')).toBe('7.4612');
    expect(formatDecimal('0.000000123456', 'de')).toBe('0,000000123456');
    expect(plain(formatDecimal('1234.5', 'sv'))).toBe('1 234,5');
  });
});
