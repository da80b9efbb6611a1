-- Invoicing: finalized invoices and credit notes with gapless numbers, their PDFs and delivery,
-- payments and what they paid, account credit, payment cards and card charges, dunning, self-service.

-- The seller's details printed on documents, and the organization's invoicing rules.
alter table organizations
  add column legal_address text,
  add column vat_number text,
  add column organization_number text,
  add column email text,
  add column pay_to text,
  add column invoice_number_format text not null default '{YYYY}-{SEQ:6}',
  add column credit_note_number_format text not null default 'CN-{YYYY}-{SEQ:6}',
  add column payment_terms_days integer not null default 14 check (payment_terms_days between 0 and 365),
  add column payment_reference_scheme text not null default 'rf'
    check (payment_reference_scheme in ('se_ocr', 'dk_fik71', 'no_kid_mod10', 'no_kid_mod11', 'fi_reference', 'rf')),
  add column send_drafts text not null default 'review' check (send_drafts in ('review', 'automatic')),
  add column dunning_days integer[] not null default '{3,7,14}',
  add column dunning_final_action text not null default 'none' check (dunning_final_action in ('none', 'end_subscription'));

-- Per account: payment terms and the sending rule, when they differ from the organization's.
alter table accounts
  add column payment_terms_days integer check (payment_terms_days between 0 and 365),
  add column send_drafts text check (send_drafts in ('review', 'automatic'));

-- The next number of each series. Taken with an upsert in the sending transaction: the row lock
-- orders concurrent senders and a rollback gives the number back, so the series has no gaps.
create table number_series (
  organization_id uuid not null references organizations (id),
  series text not null check (series in ('invoice', 'credit_note')),
  -- the year for formats that restart yearly ({YYYY}), else ''
  period text not null,
  last_value bigint not null,
  primary key (organization_id, series, period)
);

create table invoices (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  kind text not null check (kind in ('invoice', 'credit_note')),
  number text not null,
  draft_id uuid,
  -- a credit note's invoice
  credited_invoice_id uuid,
  account_id uuid not null,
  currency char(3) not null,
  language text not null,
  issue_date date not null,
  due_date date,
  net_amount bigint not null,
  vat_amount bigint not null,
  total_amount bigint not null,
  -- invoices only: what payments, account credit and credit notes have settled
  paid_amount bigint not null default 0,
  credited_amount bigint not null default 0,
  status text not null check (status in ('open', 'partially_paid', 'paid', 'overdue', 'credited', 'issued')),
  collection_method text not null check (collection_method in ('invoice', 'card')),
  payment_reference text,
  payment_reference_scheme text,
  reverse_charge boolean not null,
  -- who sold and who bought, as they were when the document was issued
  seller jsonb not null,
  buyer jsonb not null,
  vat_summary jsonb not null,
  emailed_at timestamptz,
  email_error text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (organization_id, id),
  unique (organization_id, kind, number),
  foreign key (organization_id, account_id) references accounts (organization_id, id)
);
create unique index invoices_by_reference on invoices (organization_id, payment_reference) where payment_reference is not null;
create unique index invoices_by_draft on invoices (organization_id, draft_id) where draft_id is not null;
create index invoices_by_created on invoices (organization_id, kind, created_at, id);
create index invoices_unsettled on invoices (organization_id, due_date) where status in ('open', 'partially_paid', 'overdue');

create table invoice_lines (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  invoice_id uuid not null,
  position integer not null,
  subscription_id uuid,
  -- a credit note's line points at the invoice line it credits
  credited_line_id uuid,
  description text not null,
  period_start date,
  period_end date,
  quantity numeric(20, 6) not null,
  unit_price numeric(20, 6) not null,
  discount bigint not null,
  amount bigint not null,
  vat_rate numeric(6, 3) not null,
  primary key (organization_id, id),
  unique (organization_id, invoice_id, position),
  foreign key (organization_id, invoice_id) references invoices (organization_id, id)
);
create index invoice_lines_by_credited on invoice_lines (organization_id, credited_line_id) where credited_line_id is not null;

create table invoice_pdfs (
  organization_id uuid not null references organizations (id),
  invoice_id uuid not null,
  pdf bytea not null,
  created_at timestamptz not null,
  primary key (organization_id, invoice_id)
);

-- The key that signs download links, made on first use.
create table signing_keys (
  organization_id uuid not null references organizations (id),
  secret text not null,
  created_at timestamptz not null,
  primary key (organization_id)
);

create table payments (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  source text not null check (source in ('api', 'bgmax', 'camt054', 'card')),
  -- the bank's or gateway's id of the payment: the same file imported again books nothing twice
  external_id text,
  amount bigint not null check (amount > 0),
  currency char(3) not null,
  payment_date date not null,
  reference text,
  payer_name text,
  account_id uuid,
  status text not null check (status in ('matched', 'unmatched')),
  created_at timestamptz not null,
  primary key (organization_id, id)
);
create unique index payments_by_external_id on payments (organization_id, source, external_id) where external_id is not null;
create index payments_by_created on payments (organization_id, created_at, id);

-- What settled an invoice: a payment, or the account's credit.
create table payment_allocations (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  invoice_id uuid not null,
  payment_id uuid,
  amount bigint not null check (amount > 0),
  created_at timestamptz not null,
  primary key (organization_id, id)
);
create index payment_allocations_by_invoice on payment_allocations (organization_id, invoice_id);

-- Account credit, as a ledger: overpayments in (+), use on invoices out (−).
create table account_credits (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  account_id uuid not null,
  currency char(3) not null,
  amount bigint not null,
  payment_id uuid,
  invoice_id uuid,
  created_at timestamptz not null,
  primary key (organization_id, id)
);
create index account_credits_by_account on account_credits (organization_id, account_id, currency);

create table payment_cards (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  account_id uuid not null,
  gateway text not null check (gateway in ('stripe', 'quickpay')),
  token text not null,
  created_at timestamptz not null,
  deleted_at timestamptz,
  primary key (organization_id, id),
  foreign key (organization_id, account_id) references accounts (organization_id, id)
);
create index payment_cards_by_account on payment_cards (organization_id, account_id) where deleted_at is null;

-- Each try to charge a card for an invoice. A try keeps its idempotency key through retries after a
-- timeout, so the gateway never charges it twice.
create table card_charges (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  invoice_id uuid not null,
  card_id uuid not null,
  attempt integer not null,
  idempotency_key text not null,
  amount bigint not null,
  status text not null check (status in ('pending', 'succeeded', 'declined', 'requires_action', 'retryable')),
  gateway_reference text,
  error text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (organization_id, id),
  unique (organization_id, invoice_id, attempt)
);

create table dunning_steps (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  invoice_id uuid not null,
  step_no integer not null,
  due_on date not null,
  final boolean not null,
  status text not null check (status in ('scheduled', 'done', 'cancelled')),
  result text,
  done_at timestamptz,
  primary key (organization_id, id),
  unique (organization_id, invoice_id, step_no)
);
create index dunning_steps_due on dunning_steps (due_on) where status = 'scheduled';

create table self_service_tokens (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  account_id uuid not null,
  token_hash char(64) not null unique,
  expires_at timestamptz not null,
  created_at timestamptz not null,
  primary key (organization_id, id)
);
