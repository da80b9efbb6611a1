import { Badge, Button } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { api, data, type Schemas } from '../../api/client.ts';
import { useCanWrite } from '../../api/session.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { orderingOf } from '../../components/list-search.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useAddressSearch } from '../../components/useListSearch.ts';
import { formatDate } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';

type Account = Schemas['Account'];

export default function AccountsPage() {
  const t = useT();
  const { language } = useLanguage();
  const canWrite = useCanWrite();
  const navigate = useNavigate();
  const [search, setSearch] = useAddressSearch();
  const columns: Column<Account>[] = [
    { key: 'code', header: t('account.code'), cell: (row) => row.code, sort: 'code' },
    { key: 'name', header: t('account.name'), cell: (row) => row.name, sort: 'name' },
    { key: 'email', header: t('account.email'), cell: (row) => row.email, wide: true },
    {
      key: 'type',
      header: t('account.type'),
      cell: (row) => <Badge variant="light">{t(`account.type.${row.type}`)}</Badge>,
      wide: true,
    },
    { key: 'country', header: t('account.country'), cell: (row) => row.legal_country, wide: true },
    {
      key: 'created',
      header: t('common.created'),
      cell: (row) => formatDate(row.created_date, language),
      wide: true,
      sort: 'created_date',
    },
  ];
  return (
    <>
      <PageHeader title={t('nav.accounts')}>
        {canWrite && (
          <Button component={Link} to="/accounts/new">
            {t('accounts.new')}
          </Button>
        )}
      </PageHeader>
      <DataTable
        queryKey={['accounts']}
        search={search}
        onSearch={setSearch}
        load={(s) =>
          data(
            api.GET('/api/v1/accounts', {
              params: {
                query: {
                  ...(s.q ? { search: s.q } : {}),
                  ...(s.cursor ? { cursor: s.cursor } : {}),
                  ...(s.archived ? { archived: 'true' as const } : {}),
                  ...orderingOf(s),
                },
              },
            }),
          )
        }
        columns={columns}
        rowKey={(row) => row.uuid}
        onOpen={(row) => navigate({ to: '/accounts/$accountId', params: { accountId: row.uuid } })}
        searchLabel={t('accounts.search')}
        archivable
        empty={t('accounts.empty')}
      />
    </>
  );
}
