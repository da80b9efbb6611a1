import { Table } from '@mantine/core';

export interface AmountRow {
  label: string;
  /** Already formatted in the document's currency and the reader's language. */
  amount: string;
  strong?: boolean;
}

/** The rows under a document's lines: totals, VAT, what is left to pay; a label left, its amount right. */
export function AmountRows({ rows }: { rows: AmountRow[] }) {
  return rows.map((row) => (
    <Table.Tr key={row.label}>
      <Table.Td fw={row.strong ? 700 : undefined}>{row.label}</Table.Td>
      <Table.Td ta="right" fw={row.strong ? 700 : undefined}>
        {row.amount}
      </Table.Td>
    </Table.Tr>
  ));
}
