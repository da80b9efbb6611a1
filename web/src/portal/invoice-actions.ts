import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../api/client.ts';
import type { PortalMessageId } from './messages/en.ts';
import { notify } from './notify.ts';
import { usePortalT } from './portal-i18n.tsx';

/** Downloading an invoice's PDF (a short-lived link of the same server) and paying it by card. */
export function useInvoiceActions() {
  const t = usePortalT();
  const queryClient = useQueryClient();
  const download = async (id: string) => {
    const link = await data(
      api.POST('/api/self-service/invoices/{id}/download-link', { params: { path: { id } }, body: {} }),
    );
    // The link's path on this server (PUBLIC_URL may name the same server differently).
    const url = new URL(link.url);
    location.assign(`${url.pathname}${url.search}`);
  };
  const pay = useMutation({
    mutationFn: (id: string) =>
      data(api.POST('/api/self-service/invoices/{id}/pay', { params: { path: { id } }, body: {} })),
    onSuccess: async (result) => {
      notify(
        result.outcome === 'succeeded' ? 'green' : 'orange',
        t(`pay.${result.outcome}` as PortalMessageId),
        t('portal.close'),
      );
      await queryClient.invalidateQueries({ queryKey: ['portal-invoices'] });
      await queryClient.invalidateQueries({ queryKey: ['portal-invoice'] });
    },
    onError: () => notify('red', t('error.generic'), t('portal.close')),
  });
  return { download, pay };
}
