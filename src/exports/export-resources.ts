/**
 * What each export resource holds: the change family it is logged under (export_changes.resource),
 * its table and rows, what it nests (a subscription's phases and components, a document's lines, a
 * payment's allocations), CSV columns are the table's own, read from the catalog, then the nested lists. Rows are the table's own columns, without
 * organization_id, as jsonb built by PostgreSQL.
 */
export interface ExportResource {
  family: 'accounts' | 'subscriptions' | 'invoices' | 'payments' | 'usage';
  table: string;
  /** an extra condition on the row (`r`) for resources sharing a table */
  where: string | null;
  /** SQL: the row's jsonb, from alias r */
  data: string;
  /** whether the table keeps archived rows (archived_at) */
  archivable: boolean;
  /** the nested lists, last in a CSV row (as JSON) after the table's own columns */
  nests: readonly string[];
}

const nested = (table: string, key: string, order: string) =>
  `coalesce((select jsonb_agg(to_jsonb(x) - 'organization_id' order by ${order}) from ${table} x
    where x.organization_id = r.organization_id and x.${key} = r.id), '[]'::jsonb)`;

const own = `to_jsonb(r) - 'organization_id'`;

export const EXPORT_RESOURCES = {
  accounts: {
    family: 'accounts',
    table: 'accounts',
    where: null,
    data: own,
    archivable: true,
    nests: [],
  },
  subscriptions: {
    family: 'subscriptions',
    table: 'subscriptions',
    where: null,
    data: `${own} || jsonb_build_object('phases', ${nested('subscription_phases', 'subscription_id', 'x.start_date')},
      'components', ${nested('subscription_components', 'subscription_id', 'x.start_date, x.id')})`,
    archivable: false,
    nests: ['phases', 'components'],
  },
  invoices: {
    family: 'invoices',
    table: 'invoices',
    where: `r.kind = 'invoice'`,
    data: `${own} || jsonb_build_object('lines', ${nested('invoice_lines', 'invoice_id', 'x.position')})`,
    archivable: false,
    nests: ['lines'],
  },
  'credit-notes': {
    family: 'invoices',
    table: 'invoices',
    where: `r.kind = 'credit_note'`,
    data: `${own} || jsonb_build_object('lines', ${nested('invoice_lines', 'invoice_id', 'x.position')})`,
    archivable: false,
    nests: ['lines'],
  },
  payments: {
    family: 'payments',
    table: 'payments',
    where: null,
    data: `${own} || jsonb_build_object('allocations', ${nested('payment_allocations', 'payment_id', 'x.created_at, x.id')})`,
    archivable: false,
    nests: ['allocations'],
  },
  usage: {
    family: 'usage',
    table: 'usage_records',
    where: null,
    data: own,
    archivable: false,
    nests: [],
  },
} as const satisfies Record<string, ExportResource>;

export type ExportResourceName = keyof typeof EXPORT_RESOURCES;

export const EXPORT_RESOURCE_NAMES = Object.keys(EXPORT_RESOURCES) as ExportResourceName[];
