import { useQuery } from '@tanstack/react-query';
import { api, data } from '../api/client.ts';

/** An account named for a person (its name and code), where the API gives its uuid; read once and cached. */
export function useAccountLabel(id: string): string {
  const query = useQuery({
    queryKey: ['account', id],
    queryFn: () => data(api.GET('/api/v1/accounts/{id}', { params: { path: { id } } })),
    staleTime: 5 * 60_000,
    enabled: id !== '',
  });
  return query.data ? `${query.data.name} (${query.data.code})` : '';
}

export function AccountName({ id }: { id: string }) {
  return <>{useAccountLabel(id)}</>;
}
