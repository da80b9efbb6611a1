/** Examples of rated items (one-off charges) for the OpenAPI document. */

export const ratedItemRequestExample = {
  description: 'Personlig træning, 2,5 timer',
  quantity: '2.5',
  unit_price: '650',
};

export const ratedItemExample = {
  uuid: '01a24914-4882-7000-a5ce-6b7f1957e769',
  subscription: '01a24911-ddcd-7000-b347-af167ac2bdae',
  account: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
  description: 'Personlig træning, 2,5 timer',
  quantity: '2.5',
  unit_price: '650',
  currency: 'DKK',
  tax_category: null,
  billed: false,
  created_date: '2025-02-12T15:20:00.000Z',
};
