import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, data } from '../api/client.ts';
import { notify } from './notify.ts';
import { usePortalLanguage, usePortalT } from './portal-i18n.tsx';
import { PORTAL_ROOT } from './portal-path.ts';
import type { PortalSession } from './portal-types.ts';

type Gateway = PortalSession['card_gateways'][number];
const GATEWAY_NAMES: Record<Gateway, string> = { stripe: 'Stripe', quickpay: 'QuickPay' };

/** Where a gateway sends the customer back (QuickPay's window; Stripe after 3-D Secure). */
export const CARD_ADDED_PATH = '/self-service/cards/added';

/** The little of Stripe.js the portal uses: a Payment Element confirming a SetupIntent. */
interface StripeElements {
  create(type: 'payment', options?: object): { mount(target: HTMLElement): void; destroy(): void };
}
interface StripeJs {
  elements(options: { clientSecret: string; locale?: string }): StripeElements;
  confirmSetup(options: {
    elements: StripeElements;
    redirect: 'if_required';
    confirmParams: { return_url: string };
  }): Promise<{ error?: { message?: string }; setupIntent?: { status: string } }>;
}
type StripeFactory = (publishableKey: string) => StripeJs;

const scripts = new Map<string, Promise<StripeFactory>>();

/** Loads Stripe.js once from the address the server names (a local stand-in in tests). */
function loadStripe(url: string): Promise<StripeFactory> {
  let loading = scripts.get(url);
  if (!loading) {
    loading = new Promise<StripeFactory>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = url;
      script.async = true;
      script.onload = () => {
        const factory = (globalThis as { Stripe?: StripeFactory }).Stripe;
        if (factory) resolve(factory);
        else reject(new Error('Stripe.js did not load'));
      };
      script.onerror = () => reject(new Error('Stripe.js did not load'));
      document.head.append(script);
    });
    loading.catch(() => scripts.delete(url));
    scripts.set(url, loading);
  }
  return loading;
}

async function startSetup(gateway: Gateway) {
  return data(api.POST('/api/self-service/card-setups', { body: { gateway } }));
}

async function completeSetup(id: string) {
  return data(
    api.POST('/api/self-service/card-setups/{id}/complete', { params: { path: { id } }, body: {} }),
  );
}

/** Stripe's Payment Element in a dialog: the card goes to Stripe, kassa records what Stripe confirms. */
function StripeCardDialog({
  session,
  opened,
  onClose,
}: {
  session: PortalSession;
  opened: boolean;
  onClose: () => void;
}) {
  const t = usePortalT();
  const { language } = usePortalLanguage();
  const queryClient = useQueryClient();
  const target = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState<{ stripe: StripeJs; elements: StripeElements; setup: string } | null>(
    null,
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!opened) return;
    let current = true;
    let element: { destroy(): void } | null = null;
    setReady(null);
    setProblem(null);
    (async () => {
      const setup = await startSetup('stripe');
      const factory = await loadStripe(setup.script_url ?? '');
      if (!current || !target.current) return;
      const stripe = factory(setup.publishable_key ?? '');
      const elements = stripe.elements({ clientSecret: setup.client_secret ?? '', locale: language });
      const payment = elements.create('payment');
      payment.mount(target.current);
      element = payment;
      setReady({ stripe, elements, setup: setup.uuid });
    })().catch(() => current && setProblem(t('cards.addFailed')));
    return () => {
      current = false;
      element?.destroy();
    };
  }, [opened, language, t]);

  const save = async () => {
    if (!ready) return;
    setSaving(true);
    setProblem(null);
    try {
      const result = await ready.stripe.confirmSetup({
        elements: ready.elements,
        redirect: 'if_required',
        confirmParams: { return_url: `${location.origin}${CARD_ADDED_PATH}?setup=${ready.setup}` },
      });
      if (result.error) {
        setProblem(result.error.message ?? t('cards.addFailed'));
        return;
      }
      await completeSetup(ready.setup);
      await queryClient.invalidateQueries({ queryKey: ['portal-cards'] });
      notify('green', t('cards.addedNotice'), t('portal.close'));
      onClose();
    } catch {
      setProblem(t('cards.addFailed'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('cards.addTitle')}
      closeButtonProps={{ 'aria-label': t('cards.cancel') }}
    >
      <Stack>
        <Text size="sm" c="dimmed">
          {t('cards.addIntro', { gateway: 'Stripe', organization: session.organization.name })}
        </Text>
        {problem ? <Alert color="red">{problem}</Alert> : null}
        {ready ? null : problem ? null : (
          <Group gap="xs">
            <Loader size="sm" />
            <Text size="sm">{t('cards.loadingForm')}</Text>
          </Group>
        )}
        <div ref={target} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('cards.cancel')}
          </Button>
          <Button onClick={() => void save()} loading={saving} disabled={!ready}>
            {t('cards.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The buttons that add a card: Stripe's form in a dialog, or QuickPay's payment window. */
export function AddCardButtons({ session }: { session: PortalSession }) {
  const t = usePortalT();
  const [stripeOpen, setStripeOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const gateways = session.card_gateways;
  if (!session.actions.cards || gateways.length === 0) return null;
  const label = (gateway: Gateway) =>
    gateways.length > 1 ? t('cards.addWith', { gateway: GATEWAY_NAMES[gateway] }) : t('cards.add');
  const toQuickPay = async () => {
    setLeaving(true);
    try {
      const setup = await startSetup('quickpay');
      if (setup.window_url) location.assign(setup.window_url);
    } catch {
      notify('red', t('cards.addFailed'), t('portal.close'));
      setLeaving(false);
    }
  };
  return (
    <Group gap="xs">
      {gateways.includes('stripe') ? (
        <Button onClick={() => setStripeOpen(true)}>{label('stripe')}</Button>
      ) : null}
      {gateways.includes('quickpay') ? (
        <Button
          variant={gateways.length > 1 ? 'light' : 'filled'}
          loading={leaving}
          onClick={() => void toQuickPay()}
        >
          {label('quickpay')}
        </Button>
      ) : null}
      {gateways.includes('stripe') ? (
        <StripeCardDialog session={session} opened={stripeOpen} onClose={() => setStripeOpen(false)} />
      ) : null}
    </Group>
  );
}

/**
 * Back from the gateway at /self-service/cards/added?setup=…: asks kassa to record the card, says how
 * it went, and leaves that address for the portal's own.
 */
export function CardSetupReturn({ navigate }: { navigate: (path: string, replace?: boolean) => void }) {
  const t = usePortalT();
  const queryClient = useQueryClient();
  const [state, setState] = useState<'adding' | 'failed'>('adding');
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    const setup = new URLSearchParams(location.search).get('setup') ?? '';
    completeSetup(setup)
      .then(async () => {
        await queryClient.invalidateQueries({ queryKey: ['portal-cards'] });
        notify('green', t('cards.addedNotice'), t('portal.close'));
        navigate(PORTAL_ROOT, true);
      })
      .catch(() => setState('failed'));
  }, [navigate, queryClient, t]);
  return state === 'adding' ? (
    <Group gap="xs" mb="md">
      <Loader size="sm" />
      <Text>{t('cards.adding')}</Text>
    </Group>
  ) : (
    <Alert color="red" mb="md">
      {t('cards.addFailed')}
    </Alert>
  );
}
