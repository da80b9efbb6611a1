import type { PricedLine } from '../domain/lines.ts';
import type { OrderPlan } from './order-request.ts';

/** A priced order before it is stored: what it will do, what it costs, and on what it depends. */
export interface OrderDraft {
  plan: OrderPlan;
  lines: PricedLine[];
  currency: string;
  accountId: string;
  subscriptionId: string | null;
  /** The subscription's updated_at when priced: a commit after it changed is refused. */
  subscriptionVersion: Date | null;
  effectiveDate: string;
}

export function fieldError(field: string, code: string, message: string) {
  return {
    ok: false as const,
    failure: { code: 'validation_failed' as const, detail: message, errors: [{ field, code, message }] },
  };
}
