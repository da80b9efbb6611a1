import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { useCanWrite } from '../../api/session.ts';
import { PlanTermsPicker } from '../../components/pickers.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { formatDate, formatNumber } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';

type Account = Schemas['Account'];

interface Values extends Record<string, unknown> {
  plan_terms: string;
  start_date: string | null;
  end_date: string | null;
  minimum_quantity: number | '';
  discount: string;
  discount_type: 'percentage' | 'amount';
}

/** A contract for one plan terms, with its first discount tier: two requests, as the API has them. */
function NewContract({ account, onClose }: { account: Account; onClose: () => void }) {
  const t = useT();
  const client = useQueryClient();
  const { form, onSubmit, problem } = useApiForm<Values, unknown>(
    {
      plan_terms: '',
      start_date: null,
      end_date: null,
      minimum_quantity: 1,
      discount: '',
      discount_type: 'percentage',
    },
    async (values) => {
      const contract = await data(
        api.POST('/api/v1/accounts/{account}/contracts', {
          params: { path: { account: account.uuid } },
          body: {
            plan_terms: values.plan_terms,
            start_date: values.start_date ?? '',
            ...(values.end_date ? { end_date: values.end_date } : {}),
          },
        }),
      );
      await client.invalidateQueries({ queryKey: ['contracts', account.uuid] });
      if (values.discount.trim())
        await data(
          api.POST('/api/v1/accounts/{account}/contracts/{id}/tiers', {
            params: { path: { account: account.uuid, id: contract.uuid } },
            body: {
              minimum_quantity: values.minimum_quantity === '' ? 1 : values.minimum_quantity,
              discount: values.discount.trim(),
              discount_type: values.discount_type,
            },
          }),
        );
      return contract;
    },
    async () => {
      notifications.show({ color: 'green', message: t('contract.created') });
      await client.invalidateQueries({ queryKey: ['contracts', account.uuid] });
      onClose();
    },
  );
  return (
    <Modal opened onClose={onClose} title={t('contract.new')} size="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {problem && <Alert color="red">{problem}</Alert>}
          <PlanTermsPicker label={t('order.terms')} required {...form.getInputProps('plan_terms')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <DatePickerInput
              label={t('contract.start')}
              required
              valueFormat="D MMM YYYY"
              {...form.getInputProps('start_date')}
            />
            <DatePickerInput
              label={t('contract.end')}
              clearable
              valueFormat="D MMM YYYY"
              {...form.getInputProps('end_date')}
            />
          </SimpleGrid>
          <Text size="sm" fw={600}>
            {t('contract.tier')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput
              label={t('contract.fromQuantity')}
              min={1}
              allowDecimal={false}
              {...form.getInputProps('minimum_quantity')}
            />
            <TextInput label={t('lines.discount')} inputMode="decimal" {...form.getInputProps('discount')} />
            <Select
              label={t('contract.discountType')}
              allowDeselect={false}
              data={[
                { value: 'percentage', label: t('contract.percentage') },
                { value: 'amount', label: t('contract.amount') },
              ]}
              {...form.getInputProps('discount_type')}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ContractsTab({ account }: { account: Account }) {
  const t = useT();
  const { language } = useLanguage();
  const canWrite = useCanWrite();
  const [creating, setCreating] = useState(false);
  const contracts = useQuery({
    queryKey: ['contracts', account.uuid],
    queryFn: () =>
      data(
        api.GET('/api/v1/accounts/{account}/contracts', {
          params: { path: { account: account.uuid }, query: { limit: 100 } },
        }),
      ),
  });
  const terms = useQuery({
    queryKey: ['catalog', '/api/v1/plan-terms', 'options'],
    queryFn: () => data(api.GET('/api/v1/plan-terms', { params: { query: { limit: 500 } } })),
  });
  const termsName = new Map(
    (terms.data?.results ?? []).map((term) => [term.uuid, term.code ?? term.name ?? term.uuid]),
  );
  const rows = contracts.data?.results ?? [];
  return (
    <Paper withBorder radius="md">
      {canWrite && !account.archived && (
        <Group p="sm" justify="flex-end">
          <Button variant="light" onClick={() => setCreating(true)}>
            {t('contract.new')}
          </Button>
        </Group>
      )}
      <Table.ScrollContainer minWidth={480}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('order.terms')}</Table.Th>
              <Table.Th>{t('contract.period')}</Table.Th>
              <Table.Th>{t('contract.tiers')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((contract) => (
              <Table.Tr key={contract.uuid}>
                <Table.Td>{termsName.get(contract.plan_terms) ?? contract.plan_terms}</Table.Td>
                <Table.Td>
                  {formatDate(contract.start_date, language)} –{' '}
                  {contract.end_date ? formatDate(contract.end_date, language) : ''}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {contract.tiers.map((tier) => (
                      <Badge key={tier.uuid} variant="light">
                        {t('contract.tierBadge', {
                          quantity: formatNumber(tier.minimum_quantity, language),
                          discount:
                            tier.discount_type === 'percentage'
                              ? `${formatNumber(tier.discount, language)} %`
                              : formatNumber(tier.discount, language),
                        })}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {contracts.data && rows.length === 0 && (
        <Text c="dimmed" ta="center" p="lg">
          {t('contract.none')}
        </Text>
      )}
      {creating && <NewContract account={account} onClose={() => setCreating(false)} />}
    </Paper>
  );
}
