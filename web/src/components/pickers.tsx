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

/** Live plan terms, named by plan, code and price; only those in `currency`, and never `exclude`. */
export function PlanTermsPicker(
  props: Omit<SelectProps, 'data'> & { punchCards?: boolean; currency?: string; exclude?: string },
) {
  const { punchCards, currency, exclude, ...rest } = props;
  const options = usePlanTermsOptions(
    (term) =>
      !term.externally_managed &&
      Boolean(term.punch_card_entries) === Boolean(punchCards) &&
      (currency === undefined || term.currency === currency) &&
      term.uuid !== exclude,
  );
  return <Select searchable data={options} {...rest} />;
}

/** Live components a subscription can take: those of its plan and those of no plan, in its currency. */
export function ComponentPicker(props: Omit<SelectProps, 'data'> & { plan: string; currency: string }) {
  const { language } = useLanguage();
  const { plan, currency, ...rest } = props;
  const components = useQuery({
    queryKey: ['catalog', '/api/v1/components', 'options'],
    queryFn: () => data(api.GET('/api/v1/components', { params: { query: { limit: 500 } } })),
  });
  const options = (components.data?.results ?? [])
    .filter((c) => !c.archived && (c.plan === null || c.plan === plan) && c.currency === currency)
    .map((c) => ({
      value: c.uuid,
      label: `${c.name} (${c.code})${c.price ? ` · ${formatMoney(c.price, c.currency, language)}` : ''}`,
    }));
  return <Select searchable data={options} {...rest} />;
}
