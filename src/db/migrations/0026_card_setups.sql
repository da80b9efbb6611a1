-- Adding a card in the self-service portal (issue 16): the customer gives the card to the gateway
-- (Stripe's Payment Element on a SetupIntent, or QuickPay's payment window on a saved card), and kassa
-- records it only after asking the gateway whether that setup succeeded.

-- One attempt to add a card: which gateway object it is (a SetupIntent seti_…, or a QuickPay card id),
-- for which account, and the card it became. A setup completes once.
create table card_setups (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  account_id uuid not null,
  gateway text not null check (gateway in ('stripe', 'quickpay')),
  gateway_reference text not null,
  gateway_customer text,
  created_at timestamptz not null,
  completed_at timestamptz,
  payment_card_id uuid,
  primary key (organization_id, id),
  foreign key (organization_id, account_id) references accounts (organization_id, id),
  foreign key (organization_id, payment_card_id) references payment_cards (organization_id, id)
);
create index card_setups_account on card_setups (organization_id, account_id, gateway);

-- Stripe charges a saved PaymentMethod only together with the customer it is attached to.
alter table payment_cards add column gateway_customer text;
