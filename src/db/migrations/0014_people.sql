-- People, sign-in and roles (issue 15).
-- A person (users) may belong to several organizations, so the person is global, like the
-- organization itself; what a person is in one organization (the role) is in memberships, and a
-- session acts for one organization at a time. Secrets are stored as SHA-256 hashes only.

create table users (
  id uuid primary key,
  email text not null,
  name text not null,
  language text not null check (language in ('da', 'sv', 'de', 'en')),
  -- argon2id in PHC format; null until an invited person sets one
  password_hash text,
  -- base32 TOTP secret (RFC 6238), set once confirmed; pending until the first code is checked
  totp_secret text,
  totp_pending_secret text,
  -- the last 30-second step a code was accepted for: a code is used once
  totp_last_step integer,
  invite_token_hash char(64) unique,
  invite_expires_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index users_by_email on users (lower(email));

create table memberships (
  organization_id uuid not null references organizations (id),
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'member', 'viewer')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (organization_id, user_id)
);
create index memberships_by_user on memberships (user_id);
create index memberships_by_created on memberships (organization_id, created_at, user_id);

create table user_sessions (
  organization_id uuid not null,
  id uuid not null,
  user_id uuid not null,
  token_hash char(64) not null unique,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  -- absolute end; the idle end is last_seen_at plus the idle timeout
  expires_at timestamptz not null,
  primary key (organization_id, id),
  -- a membership ended (or a person removed) ends their sessions in that organization
  foreign key (organization_id, user_id) references memberships (organization_id, user_id)
    on delete cascade
);
create index user_sessions_by_user on user_sessions (user_id);

-- Who made a change when a person signed in made it.
alter table audit_log add column user_id uuid;
create index audit_log_by_user on audit_log (organization_id, user_id, occurred_at) where user_id is not null;

-- API tokens list only their last characters once created.
alter table api_tokens add column token_suffix text;
