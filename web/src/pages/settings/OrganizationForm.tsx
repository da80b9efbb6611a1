import { Paper, Skeleton, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { useCanWrite } from '../../api/session.ts';
import { type FieldSpec, type FormValues, ResourceForm } from '../../components/ResourceForm.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { SectionTitle } from './SectionTitle.tsx';

export type Organization = Schemas['Organization'];

export const organizationQuery = {
  queryKey: ['organization'],
  queryFn: () => data(api.GET('/api/v1/organization')),
} as const;

export function useOrganization() {
  return useQuery({ ...organizationQuery, throwOnError: true });
}

/**
 * One part of the organization's settings (seller details, invoicing rules, the portal) as a form on
 * its page: it changes only its own fields (`PATCH /api/v1/organization/`), and a viewer reads it.
 */
export function OrganizationForm({
  title,
  intro,
  fields,
  fromItem,
  toBody,
  before,
}: {
  title: string;
  intro?: string;
  fields: FieldSpec[];
  fromItem?: (organization: Organization) => FormValues;
  toBody?: (body: FormValues) => FormValues;
  before?: (organization: Organization) => ReactNode;
}) {
  const t = useT();
  const canWrite = useCanWrite();
  const client = useQueryClient();
  const { data: organization } = useOrganization();
  return (
    <Paper withBorder radius="md" p="md">
      <Stack>
        <SectionTitle title={title} intro={intro} />
        {!organization ? (
          <Skeleton height={200} />
        ) : (
          <>
            {before?.(organization)}
            <ResourceForm
              // Saved: the form starts again from what the API answered (it may have tidied a value).
              key={JSON.stringify(organization)}
              fields={fields}
              item={fromItem ? fromItem(organization) : (organization as unknown as FormValues)}
              readOnly={!canWrite}
              save={(body) =>
                data(
                  api.PATCH('/api/v1/organization', {
                    body: (toBody ? toBody(body) : body) as never,
                  }),
                )
              }
              onSaved={(saved) => {
                client.setQueryData(organizationQuery.queryKey, saved);
                notifications.show({ color: 'green', message: t('common.saved') });
              }}
            />
          </>
        )}
      </Stack>
    </Paper>
  );
}
