import type { Services } from '../context.ts';
import { anyOf } from '../db/any-of.ts';
import type { Tx } from '../db/transaction.ts';
import { cancelPendingDeliveries } from './cancel-deliveries.ts';
import type { EndpointRow } from './endpoint-view.ts';

/** An endpoint failing this long without one success is turned off. */
export const FAILING_DAYS = 5;

export interface EndpointTrouble {
  organizationId: string;
  endpointId: string;
  url: string;
  reason: 'gone' | 'failing';
}

/**
 * Follows endpoints' health after a round of attempts: a success clears `failing_since`, a failure sets
 * it if unset; a 410 or 5 days of failures turn the endpoint off and cancel what waits for it.
 */
export async function noteEndpointHealth(
  tx: Tx,
  now: Date,
  outcomes: { endpoint: EndpointRow; ok: boolean; gone: boolean }[],
): Promise<EndpointTrouble[]> {
  const healthy = [...new Set(outcomes.filter((o) => o.ok).map((o) => o.endpoint.id))];
  const failing = [...new Set(outcomes.filter((o) => !o.ok).map((o) => o.endpoint.id))];
  if (healthy.length > 0)
    await tx
      .updateTable('webhook_endpoints')
      .set({ failing_since: null })
      .where(anyOf('id', healthy))
      .where('failing_since', 'is not', null)
      .execute();
  if (failing.length === 0) return [];
  await tx
    .updateTable('webhook_endpoints')
    .set({ failing_since: now })
    .where(anyOf('id', failing))
    .where('failing_since', 'is', null)
    .execute();
  const gone = new Set(outcomes.filter((o) => o.gone).map((o) => o.endpoint.id));
  const since = new Date(now.getTime() - FAILING_DAYS * 86_400_000);
  const candidates = await tx
    .selectFrom('webhook_endpoints')
    .select(['organization_id', 'id', 'url', 'failing_since'])
    .where(anyOf('id', failing))
    .where('enabled', '=', true)
    .where('deleted_at', 'is', null)
    .execute();
  const troubles: EndpointTrouble[] = [];
  for (const endpoint of candidates) {
    const reason = gone.has(endpoint.id)
      ? 'gone'
      : endpoint.failing_since !== null && new Date(endpoint.failing_since) <= since
        ? 'failing'
        : null;
    if (!reason) continue;
    await tx
      .updateTable('webhook_endpoints')
      .set({ enabled: false, disabled_reason: reason, updated_at: now })
      .where('organization_id', '=', endpoint.organization_id)
      .where('id', '=', endpoint.id)
      .execute();
    await cancelPendingDeliveries(tx, endpoint.organization_id, endpoint.id, now);
    troubles.push({
      organizationId: endpoint.organization_id,
      endpointId: endpoint.id,
      url: endpoint.url,
      reason,
    });
  }
  return troubles;
}

const TEXTS = {
  da: {
    subject: (url: string) => `Webhook slået fra: ${url}`,
    gone: 'modtageren svarede 410 Gone',
    failing: `alle leveringer er fejlet i ${FAILING_DAYS} dage`,
    body: (url: string, why: string, id: string) =>
      `Vi har slået webhook-endpointet ${url} (${id}) fra, fordi ${why}.\n\nNår modtageren virker igen, kan I slå det til med PATCH /api/v1/webhooks/${id}/ {"enabled": true} og sende de manglende hændelser med POST /api/v1/webhooks/${id}/replay/.\n`,
  },
  sv: {
    subject: (url: string) => `Webhook avstängd: ${url}`,
    gone: 'mottagaren svarade 410 Gone',
    failing: `alla leveranser har misslyckats i ${FAILING_DAYS} dagar`,
    body: (url: string, why: string, id: string) =>
      `Vi har stängt av webhook-endpointen ${url} (${id}) eftersom ${why}.\n\nNär mottagaren fungerar igen kan ni slå på den med PATCH /api/v1/webhooks/${id}/ {"enabled": true} och skicka de missade händelserna med POST /api/v1/webhooks/${id}/replay/.\n`,
  },
  de: {
    subject: (url: string) => `Webhook deaktiviert: ${url}`,
    gone: 'der Empfänger mit 410 Gone geantwortet hat',
    failing: `alle Zustellungen seit ${FAILING_DAYS} Tagen fehlschlagen`,
    body: (url: string, why: string, id: string) =>
      `Wir haben den Webhook-Endpunkt ${url} (${id}) deaktiviert, weil ${why}.\n\nSobald der Empfänger wieder funktioniert, aktivieren Sie ihn mit PATCH /api/v1/webhooks/${id}/ {"enabled": true} und senden die verpassten Ereignisse mit POST /api/v1/webhooks/${id}/replay/ erneut.\n`,
  },
  en: {
    subject: (url: string) => `Webhook turned off: ${url}`,
    gone: 'the receiver answered 410 Gone',
    failing: `every delivery has failed for ${FAILING_DAYS} days`,
    body: (url: string, why: string, id: string) =>
      `We turned off the webhook endpoint ${url} (${id}) because ${why}.\n\nOnce the receiver works again, turn it on with PATCH /api/v1/webhooks/${id}/ {"enabled": true} and send the missed events with POST /api/v1/webhooks/${id}/replay/.\n`,
  },
};

const LANGUAGE_OF_COUNTRY: Record<string, keyof typeof TEXTS> = {
  DK: 'da',
  SE: 'sv',
  DE: 'de',
  AT: 'de',
  CH: 'de',
};

/** The e-mail telling an organization that kassa turned one of its endpoints off, in its country's language. */
export function troubleMail(country: string, trouble: EndpointTrouble) {
  const texts = TEXTS[LANGUAGE_OF_COUNTRY[country] ?? 'en'];
  return {
    subject: texts.subject(trouble.url),
    text: texts.body(trouble.url, texts[trouble.reason], trouble.endpointId),
  };
}

/** Tells each organization by e-mail (its `email`), after commit; a mail that cannot go is logged. */
export async function tellOrganizations(services: Services, troubles: EndpointTrouble[]) {
  const mail = services.integrations;
  for (const trouble of troubles) {
    const org = await services.db
      .selectFrom('organizations')
      .select(['country', 'email'])
      .where('id', '=', trouble.organizationId)
      .executeTakeFirst();
    if (!mail || !org?.email) {
      console.warn(
        `webhook endpoint ${trouble.endpointId} turned off (${trouble.reason}); no e-mail to tell`,
      );
      continue;
    }
    try {
      await mail.mailer.send({ from: mail.mailFrom, to: org.email, ...troubleMail(org.country, trouble) });
    } catch (error) {
      console.error(
        `could not tell organization ${trouble.organizationId} about endpoint ${trouble.endpointId}`,
        error,
      );
    }
  }
}
