import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDate, formatMoney, formatNumber } from '../format.ts';
import { useLanguage, useT } from '../i18n/i18n.tsx';

export interface DocumentLine {
  uuid?: string;
  description: string;
  period_start: string | null;
  period_end: string | null;
  quantity: string;
  unit_price: string;
  discount: string;
  amount: string;
  vat_rate: string;
}

export interface PricedDocument {
  currency: string;
  lines: DocumentLine[];
  vat: { rate: string; base: string; amount: string }[];
  total_ex_vat: string;
  total_vat: string;
  total: string;
}

/**
 * The lines of an order's preview, a draft, an invoice or a credit note: what is charged, for which
 * days, its discount and VAT, and the totals, as the document will say it.
 */
export function DocumentLines({
  document,
  action,
}: {
  document: PricedDocument;
  action?: (line: DocumentLine) => ReactNode;
}) {
  const t = useT();
  const { language } = useLanguage();
  const money = (amount: string) => formatMoney(amount, document.currency, language);
  const right = {
    ta: 'right' as const,
    style: { whiteSpace: 'nowrap' as const, fontVariantNumeric: 'tabular-nums' },
  };
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" data-testid="document-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('lines.description')}</Table.Th>
            <Table.Th {...right}>{t('lines.quantity')}</Table.Th>
            <Table.Th {...right}>{t('lines.unitPrice')}</Table.Th>
            <Table.Th {...right}>{t('lines.discount')}</Table.Th>
            <Table.Th {...right}>{t('lines.vatRate')}</Table.Th>
            <Table.Th {...right}>{t('lines.amount')}</Table.Th>
            {action && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {document.lines.map((line, index) => (
            <Table.Tr key={line.uuid ?? index}>
              <Table.Td>
                <Text size="sm">{line.description}</Text>
                {line.period_start && line.period_end && (
                  <Text size="xs" c="dimmed">
                    {formatDate(line.period_start, language)} – {formatDate(line.period_end, language)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td {...right}>{formatNumber(line.quantity, language)}</Table.Td>
              <Table.Td {...right}>{money(line.unit_price)}</Table.Td>
              <Table.Td {...right}>{Number(line.discount) === 0 ? '' : money(line.discount)}</Table.Td>
              <Table.Td {...right}>{formatNumber(line.vat_rate, language)} %</Table.Td>
              <Table.Td {...right}>{money(line.amount)}</Table.Td>
              {action && <Table.Td {...right}>{action(line)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Td colSpan={5} ta="right">
              {t('lines.totalExVat')}
            </Table.Td>
            <Table.Td {...right}>{money(document.total_ex_vat)}</Table.Td>
          </Table.Tr>
          {document.vat.map((vat) => (
            <Table.Tr key={vat.rate}>
              <Table.Td colSpan={5} ta="right">
                {t('lines.vatOf', { rate: formatNumber(vat.rate, language), base: money(vat.base) })}
              </Table.Td>
              <Table.Td {...right}>{money(vat.amount)}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Td colSpan={5} ta="right" fw={700}>
              {t('lines.total')}
            </Table.Td>
            <Table.Td {...right} fw={700} data-testid="document-total">
              {money(document.total)}
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
