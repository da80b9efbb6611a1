import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Schemas } from '../../api/client.ts';
import { answer } from '../../test/answer.ts';
import { renderInApp } from '../../test/render.tsx';
import { CreditDialog } from './CreditDialog.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const line = (uuid: string, description: string, amount: string) => ({
  uuid,
  subscription: null,
  credited_line: null,
  description,
  period_start: '2025-03-01',
  period_end: '2025-04-01',
  quantity: '1',
  unit_price: amount,
  discount: '0.00',
  amount,
  vat_rate: '25',
});
const invoice = {
  uuid: '0199a0b0-0000-7000-8000-000000000001',
  number: '2025-000007',
  currency: 'DKK',
  lines: [line('l1', 'Gym membership × 1', '400.00'), line('l2', 'Locker × 2', '80.00')],
} as unknown as Schemas['Invoice'];
const note = { uuid: '0199a0b0-0000-7000-8000-000000000009', number: 'CN-2025-000001' };

describe('CreditDialog', () => {
  it('credits the whole invoice with an empty body while every line is chosen in full', async () => {
    const requests = answer(201, note);
    const closed = vi.fn();
    renderInApp(<CreditDialog invoice={invoice} onClose={closed} />);
    await userEvent
      .setup({ delay: null })
      .click(await screen.findByRole('button', { name: 'Credit the whole invoice' }));
    await waitFor(() => expect(closed).toHaveBeenCalled());
    expect(new URL(requests[0]!.url).pathname).toBe(`/api/v1/invoices/${invoice.uuid}/credit-notes`);
    expect(await requests[0]!.json()).toEqual({});
  });

  it('sends the chosen lines, an amount typed with a decimal comma as the API writes it', async () => {
    const requests = answer(201, note);
    renderInApp(<CreditDialog invoice={invoice} onClose={() => {}} />);
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByLabelText('Credit line 2'));
    await user.type(screen.getByLabelText('Amount to credit for line 1'), '99,50');
    await user.click(screen.getByRole('button', { name: 'Credit 1 line' }));
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(await requests[0]!.json()).toEqual({ lines: [{ line: 'l1', amount: '99.50' }] });
  });

  it("puts the API's refusal of a line's amount under that line, and stays open", async () => {
    answer(400, {
      type: '/problems/validation_failed',
      title: 'Some fields are not valid',
      status: 400,
      code: 'validation_failed',
      detail: 'lines.1.amount: line 2 has 80.00 DKK left to credit',
      instance: '/api/v1/invoices/x/credit-notes/',
      requestId: 'r1',
      errors: [
        {
          field: 'lines.1.amount',
          code: 'invalid',
          message: 'lines.1.amount: line 2 has 80.00 DKK left to credit',
        },
      ],
    });
    const closed = vi.fn();
    renderInApp(<CreditDialog invoice={invoice} onClose={closed} />);
    const user = userEvent.setup({ delay: null });
    await user.type(await screen.findByLabelText('Amount to credit for line 2'), '500');
    await user.click(screen.getByRole('button', { name: 'Credit 2 lines' }));
    const second = screen.getByLabelText('Amount to credit for line 2');
    await waitFor(() => expect(second.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByLabelText('Amount to credit for line 1').getAttribute('aria-invalid')).not.toBe(
      'true',
    );
    expect(screen.getByText('line 2 has 80.00 DKK left to credit')).toBeTruthy();
    expect(closed).not.toHaveBeenCalled();
  });
});
