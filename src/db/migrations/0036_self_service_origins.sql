-- CORS for the self-service API (issue 13): the origins of the organization's own pages (a shop, a
-- members' area) that may call /api/self-service/* from a browser with a customer's self-service token.
alter table organizations add column self_service_origins text[] not null default '{}';
