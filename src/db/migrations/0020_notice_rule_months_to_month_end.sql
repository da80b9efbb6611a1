-- A third notice rule: "N months to the end of a month" as German contracts (BGB §§ 187, 188) count it.
alter table plan_terms drop constraint plan_terms_notice_rule_check;
alter table plan_terms add constraint plan_terms_notice_rule_check
  check (notice_rule in ('end_of_term', 'end_of_month', 'months_to_month_end'));
