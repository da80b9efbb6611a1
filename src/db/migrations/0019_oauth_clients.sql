-- OAuth 2.0 clients (client credentials grant) are API tokens of another kind: same scope, name,
-- hashed secret, listing and revocation; their secret is not a bearer token but exchanged at
-- POST /oauth/token for short-lived access tokens, which act with the client's scope.
alter table api_tokens add column kind text not null default 'token';
alter table api_tokens add constraint api_tokens_kind_check check (kind in ('token', 'oauth_client'));

create table oauth_access_tokens (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  client_id uuid not null,
  token_hash char(64) not null unique,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, client_id) references api_tokens (organization_id, id)
);

create index oauth_access_tokens_client on oauth_access_tokens (organization_id, client_id, expires_at);
