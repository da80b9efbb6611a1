import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import type { ListSearch } from './list-search.ts';

/** A list page's search, kept in the address (bookmarkable, back button works). */
export function useAddressSearch(): [ListSearch, (next: ListSearch) => void] {
  const search = useSearch({ strict: false }) as ListSearch;
  const navigate = useNavigate();
  return [search, (next) => void navigate({ to: '.', search: next as never })];
}

/** A list inside a page (an account's invoices): its own search and page, in state. */
export function useLocalSearch(): [ListSearch, (next: ListSearch) => void] {
  return useState<ListSearch>({});
}
