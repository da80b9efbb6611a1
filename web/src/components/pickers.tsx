import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data, type Schemas } from '../api/client.ts';
import { formatMoney } from '../format.ts';
import { useLanguage, useT } from '../i18n/i18n.tsx';

/** An account chosen by typing part of its code, name or e-mail: the server searches. */
export function AccountPicker(props: Omit<SelectProps, 'data'>) {
  const [text, setText] = useState('');
  const [search] = useDebouncedValue(text, 250);
  const query = useQuery({
    queryKey: ['accounts', 'picker', search],
    queryFn: () =>
      data(
        api.GET('/api/v1/accounts', {
          params: { query: { limit: 20, ...(search.trim() ? { search } : {}) } },
        }),
      ),
  });
  const options = (query.data?.results ?? []).map((account) => ({
    value: account.uuid,
    label: `${account.name} (${account.code})`,
  }));
  return (
    <Select
      searchable
      onSearchChange={setText}
      filter={({ options: all }) => all}
      data={options}
      {...props}
    />
  );
}

type PlanTerms = Schemas['PlanTerms'];

/** Live plan terms as choices, named by plan, code and price; those `keep` lets through. */
export function usePlanTermsOptions(keep: (terms: PlanTerms) => boolean = () => true) {
  const t = useT();
  const { language } = useLanguage();
  const plans = useQuery({
    queryKey: ['catalog', '/api/v1/plans', 'options'],
    queryFn: () => data(api.GET('/api/v1/plans', { params: { query: { limit: 500 } } })),
  });
  const terms = useQuery({
    queryKey: ['catalog', '/api/v1/plan-terms', 'options'],
    queryFn: () => data(api.GET('/api/v1/plan-terms', { params: { query: { limit: 500 } } })),
  });
  const planName = new Map((plans.data?.results ?? []).map((plan) => [plan.uuid, plan.name]));
  return (terms.data?.results ?? []).filter(keep).map((term) => ({
    value: term.uuid,
    label: `${planName.get(term.plan) ?? ''} · ${term.code ?? term.name ?? ''} · ${formatMoney(term.price, term.currency, language)}${
      term.interval ? ` / ${t(`catalog.interval.${term.interval}`)}` : ''
    }`,
  }));
}

/** Live plan terms, named by plan, code and price. */
export function PlanTermsPicker(props: Omit<SelectProps, 'data'> & { punchCards?: boolean }) {
  const { punchCards, ...rest } = props;
  const options = usePlanTermsOptions(
    (term) => !term.externally_managed && Boolean(term.punch_card_entries) === Boolean(punchCards),
  );
  return <Select searchable data={options} {...rest} />;
}
