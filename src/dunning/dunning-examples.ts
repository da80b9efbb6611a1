/** An example of an invoice's dunning and card charges for the OpenAPI document. */

const INVOICE = '01a24914-a3e0-7000-b65d-041a2076b701';

export const invoiceCollectionExample = {
  invoice: INVOICE,
  status: 'paid',
  dunning: [
    {
      step: 1,
      due_on: '2025-02-18',
      final: false,
      status: 'done',
      result: 'card charge declined; reminder e-mailed',
      done_date: '2025-02-18T08:00:00.000Z',
    },
    {
      step: 2,
      due_on: '2025-02-22',
      final: false,
      status: 'done',
      result: 'card charge succeeded',
      done_date: '2025-02-22T08:00:00.000Z',
    },
    {
      step: 3,
      due_on: '2025-03-01',
      final: true,
      status: 'cancelled',
      result: 'the invoice was paid',
      done_date: '2025-02-22T08:00:00.000Z',
    },
  ],
  card_charges: [
    {
      attempt: 1,
      amount: '4572.25',
      status: 'declined',
      gateway_reference: 'pi_3QhZ8aLkdIwHu7ix0d9kF2s1',
      error: 'insufficient_funds: Your card has insufficient funds.',
      created_date: '2025-02-15T08:00:00.000Z',
    },
    {
      attempt: 2,
      amount: '4572.25',
      status: 'succeeded',
      gateway_reference: 'pi_3QjA1bLkdIwHu7ix1Xq4Zt7P',
      error: null,
      created_date: '2025-02-22T08:00:00.000Z',
    },
  ],
};
