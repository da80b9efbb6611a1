-- Corrections after billing (issue 11). A draft line may be a correction: the credit for days after a
-- subscription's end that a line on an open draft had billed. Invoice lines keep what their draft line
-- was (its source), so that an end can tell the service lines it must credit (recurring fees,
-- components, order prorations) from usage and one-off charges; lines issued before this stay null.
alter table invoice_draft_lines drop constraint invoice_draft_lines_source_check;
alter table invoice_draft_lines add constraint invoice_draft_lines_source_check
  check (source in ('recurring', 'component', 'usage', 'rated_item', 'order', 'manual', 'correction'));
alter table invoice_lines add column source text;
-- The service lines of a subscription, found when it ends.
create index invoice_lines_by_subscription on invoice_lines (organization_id, subscription_id) where subscription_id is not null;
