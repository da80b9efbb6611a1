/**
 * What each export resource holds: the change family it is logged under (export_changes.resource),
 * its table and rows, what it nests (a subscription's phases and components, a document's lines, a
 * payment's allocations). CSV columns are the table's own, read from the catalog, then the nested lists.
 * Rows are the table's own columns, without organization_id, as JSON built by PostgreSQL.
 */
export interface ExportResource {
  family: 'accounts' | 'subscriptions' | 'invoices' | 'payments' | 'usage';
  table: string;
  /** an extra condition on the row (`r`) for resources sharing a table */
  where: string | null;
  /** whether the table keeps archived rows (archived_at) */
  archivable: boolean;
  /** the nested lists, last in a CSV row (as JSON) after the table's own columns: the rows of `table` whose `key` is the record's id, in `order` */
  nested: readonly { name: string; table: string; key: string; order: readonly string[] }[];
}

const lines = { name: 'lines', table: 'invoice_lines', key: 'invoice_id', order: ['position'] } as const;

export const EXPORT_RESOURCES = {
  accounts: { family: 'accounts', table: 'accounts', where: null, archivable: true, nested: [] },
  subscriptions: {
    family: 'subscriptions',
    table: 'subscriptions',
    where: null,
    archivable: false,
    nested: [
      { name: 'phases', table: 'subscription_phases', key: 'subscription_id', order: ['start_date'] },
      {
        name: 'components',
        table: 'subscription_components',
        key: 'subscription_id',
        order: ['start_date', 'id'],
      },
    ],
  },
  invoices: {
    family: 'invoices',
    table: 'invoices',
    where: `r.kind = 'invoice'`,
    archivable: false,
    nested: [lines],
  },
  'credit-notes': {
    family: 'invoices',
    table: 'invoices',
    where: `r.kind = 'credit_note'`,
    archivable: false,
    nested: [lines],
  },
  payments: {
    family: 'payments',
    table: 'payments',
    where: null,
    archivable: false,
    nested: [
      { name: 'allocations', table: 'payment_allocations', key: 'payment_id', order: ['created_at', 'id'] },
    ],
  },
  usage: { family: 'usage', table: 'usage_records', where: null, archivable: false, nested: [] },
} as const satisfies Record<string, ExportResource>;

export type ExportResourceName = keyof typeof EXPORT_RESOURCES;

export const EXPORT_RESOURCE_NAMES = Object.keys(EXPORT_RESOURCES) as ExportResourceName[];
