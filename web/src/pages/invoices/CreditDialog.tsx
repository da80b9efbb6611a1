import { Button, Checkbox, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, data, fieldErrors, type Schemas } from '../../api/client.ts';
import { refreshData } from '../../api/session.ts';
import { FormProblem } from '../../components/FormProblem.tsx';
import { formatDate, formatMoney } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';

type Invoice = Schemas['Invoice'];

/**
 * A credit note for the whole invoice or for chosen lines, each in full or for an amount (excl. VAT).
 * The API refuses more than is left to credit and names the line; nothing is issued then.
 */
export function CreditDialog({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const t = useT();
  const { language } = useLanguage();
  const client = useQueryClient();
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(invoice.lines.map((l) => l.uuid)));
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const money = (amount: string) => formatMoney(amount, invoice.currency, language);
  const lines = invoice.lines.filter((l) => chosen.has(l.uuid));
  const whole = lines.length === invoice.lines.length && lines.every((l) => !amounts[l.uuid]?.trim());
  const toggle = (uuid: string, on: boolean) =>
    setChosen((before) => {
      const after = new Set(before);
      if (on) after.add(uuid);
      else after.delete(uuid);
      return after;
    });
  const issue = async () => {
    setBusy(true);
    setProblem(null);
    setErrors({});
    try {
      const body = whole
        ? {}
        : {
            lines: lines.map((l) => {
              const amount = amounts[l.uuid]?.trim().replace(',', '.');
              return { line: l.uuid, ...(amount ? { amount } : {}) };
            }),
          };
      const note = await data(
        api.POST('/api/v1/invoices/{id}/credit-notes', { params: { path: { id: invoice.uuid } }, body }),
      );
      notifications.show({ color: 'green', message: t('invoice.credited', { number: note.number }) });
      await refreshData(client);
      onClose();
    } catch (error) {
      // `lines.2.amount` names the third chosen line: put its message under that line's amount.
      const byLine: Record<string, string> = {};
      for (const [field, message] of Object.entries(fieldErrors(error))) {
        const index = /^(?:body\.)?lines\.(\d+)/.exec(field)?.[1];
        const line = index === undefined ? undefined : lines[Number(index)];
        if (line) byLine[line.uuid] = message.replace(/^[\w.]+: /, '');
      }
      setErrors(byLine);
      if (Object.keys(byLine).length === 0)
        setProblem(error instanceof ApiError ? error.problem.detail : (error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('invoice.creditTitle', { number: invoice.number })} size="xl">
      <Stack>
        <Text size="sm">{t('invoice.creditHelp')}</Text>
        <FormProblem problem={problem} />
        <Table.ScrollContainer minWidth={520}>
          <Table data-testid="credit-lines" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th>{t('lines.description')}</Table.Th>
                <Table.Th ta="right">{t('lines.amount')}</Table.Th>
                <Table.Th>{t('invoice.creditAmount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invoice.lines.map((line, index) => (
                <Table.Tr key={line.uuid}>
                  <Table.Td>
                    <Checkbox
                      aria-label={t('invoice.creditLine', { line: index + 1 })}
                      checked={chosen.has(line.uuid)}
                      onChange={(event) => toggle(line.uuid, event.currentTarget.checked)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {index + 1}. {line.description}
                    </Text>
                    {line.period_start && line.period_end && (
                      <Text size="xs" c="dimmed">
                        {formatDate(line.period_start, language)} – {formatDate(line.period_end, language)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {money(line.amount)}
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={t('invoice.creditAmountOf', { line: index + 1 })}
                      placeholder={t('invoice.creditAllLeft')}
                      disabled={!chosen.has(line.uuid)}
                      inputMode="decimal"
                      value={amounts[line.uuid] ?? ''}
                      error={errors[line.uuid]}
                      onChange={(event) => {
                        const value = event.currentTarget.value;
                        setAmounts((before) => ({ ...before, [line.uuid]: value }));
                        setErrors(({ [line.uuid]: _, ...rest }) => rest);
                      }}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.back')}
          </Button>
          <Button color="red" loading={busy} disabled={lines.length === 0} onClick={issue}>
            {t(whole ? 'invoice.creditWhole' : 'invoice.creditChosen', { count: lines.length })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
