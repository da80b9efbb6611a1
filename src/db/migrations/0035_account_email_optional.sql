-- An account made from a partner order's employer, sent without an e-mail (issue 13): no e-mail at all,
-- rather than "". Accounts created through the API still need one (the API's schema asks for it).
alter table accounts alter column email drop not null;
update accounts set email = null where email = '';
