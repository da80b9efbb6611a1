-- VAT categories K and E in e-invoices (issue 19). What the organization sells to businesses in other
-- EU countries decides between reverse charge (services, category AE) and an intra-community supply
-- (goods, category K, exempt under art. 138 of the VAT directive). A VAT-registered seller whose
-- supplies are exempt (art. 132: education, health care, …) states why; its 0 % lines are category E.
-- Each issued document keeps what applied in its seller snapshot.
alter table organizations
  add column eu_supplies text not null default 'services' check (eu_supplies in ('services', 'goods')),
  add column vat_exemption_reason text,
  add column vat_exemption_code text;
