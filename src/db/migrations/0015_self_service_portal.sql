-- The hosted self-service portal (issue 16).

-- A link token is exchanged once for a portal session: after that the link (which may sit in a browser's
-- history, a mail client's cache or a proxy log) opens nothing, and the token no longer authenticates.
alter table self_service_tokens add column used_at timestamptz;

-- A customer's portal session, carried by an HttpOnly cookie: one account of one organization. Only the
-- hashes of the session secret and its CSRF token are kept. It lasts 30 minutes after the last request.
create table self_service_sessions (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  account_id uuid not null,
  secret_hash char(64) not null unique,
  csrf_token char(43) not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  ended_at timestamptz,
  primary key (organization_id, id),
  foreign key (organization_id, account_id) references accounts (organization_id, id)
);

-- The card charged is the one most recently preferred: when added, or made the default since.
alter table payment_cards add column preferred_at timestamptz;
update payment_cards set preferred_at = created_at;
alter table payment_cards alter column preferred_at set not null;

-- The portal's look and what it lets customers do, per organization.
alter table organizations add column portal_logo_url text;
alter table organizations add column portal_colour char(7);
alter table organizations add column portal_cards boolean not null default true;
alter table organizations add column portal_details boolean not null default true;
alter table organizations add column portal_plan_change boolean not null default false;
alter table organizations add column portal_cancel boolean not null default false;
