import type { Clock } from './clock.ts';
import type { Db } from './db/transaction.ts';
import type { Queue } from './jobs/queue.ts';
import type { Mailer } from './mail/mailer.ts';
import type { GatewaySettings } from './payments/gateways/card-gateway.ts';

/** The organization a request acts for, as its use cases need it. */
export interface OrganizationRef {
  id: string;
  country: string;
  currency: string;
  timezone: string;
}

/** Who is acting, for whom, and through what: handed to every use case, written to the audit log. */
export interface Actor {
  organization: OrganizationRef;
  organizationId: string;
  tokenId: string | null;
  /** The signed-in person (session cookie); null or absent for tokens and the command line. */
  userId?: string | null;
  clientSystem: string | null;
  user: string | null;
  requestId: string | null;
}

export interface Services {
  db: Db;
  clock: Clock;
  /** The job queue, where one runs: side effects and billing batches are sent to it. */
  queue?: Queue;
  /** Mail, card gateways and our public address; without them, mail goes to a local outbox folder. */
  integrations?: Integrations;
  /** Webhook delivery settings; without them, only public https receivers are reached. */
  webhooks?: WebhookSettings;
}

export interface WebhookSettings {
  /** KASSA_WEBHOOKS_ALLOW_PRIVATE=true: http and private or loopback addresses (development, tests). */
  allowPrivate: boolean;
}

export interface Integrations {
  mailer: Mailer;
  /** The sender of invoices and reminders. */
  mailFrom: string;
  gateways: GatewaySettings;
  /** Where customers reach us: download links and self-service URLs start with it. */
  publicUrl: string;
}

export interface UseCaseContext extends Services {
  actor: Actor;
}

/** The actor for work started from the command line rather than through a token. */
export function commandLineActor(organization: OrganizationRef): Actor {
  return {
    organization,
    organizationId: organization.id,
    tokenId: null,
    clientSystem: 'kassa-cli',
    user: process.env.USER ?? null,
    requestId: null,
  };
}
