import { describe, expect, it } from 'vitest';
import { addDecimals, monthStart, overdue } from './metrics.ts';

describe('the figures of the overview and the dashboard', () => {
  it('adds decimal strings exactly, of any scale and sign', () => {
    expect(addDecimals(['0.10', '0.20'])).toBe('0.30');
    expect(addDecimals(['1200.00', '-1200.00'])).toBe('0.00');
    expect(addDecimals(['100', '-250'])).toBe('-150');
    expect(addDecimals(['0.005', '1.2'])).toBe('1.205');
    expect(addDecimals(['-0.40', '0.15'])).toBe('-0.25');
    expect(addDecimals(['9007199254740993.01', '0.01'])).toBe('9007199254740993.02');
  });

  it('counts overdue as everything but what is not yet due', () => {
    expect(
      overdue({
        total: '1000.00',
        invoices: 4,
        not_due: '400.00',
        days_0_30: '100.10',
        days_31_60: '200.20',
        days_61_90: '0.00',
        days_over_90: '299.70',
      }),
    ).toBe('600.00');
  });

  it('finds the first days of months', () => {
    expect(monthStart('2025-03-20')).toBe('2025-03-01');
    expect(monthStart('2025-03-20', 11)).toBe('2024-04-01');
    expect(monthStart('2025-01-31', 1)).toBe('2024-12-01');
  });
});
