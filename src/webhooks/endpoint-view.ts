import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { findOwnRow } from '../db/find-own-row.ts';
import type { WebhookEndpointsTable } from '../db/tables-webhooks.ts';
import type { Db, Tx } from '../db/transaction.ts';
import { isoInstant } from '../http/common-schemas.ts';
import { webhookEndpointExample, webhookEndpointWithSecretExample } from './webhook-examples.ts';

export type EndpointRow = Selectable<WebhookEndpointsTable>;

/** How long a rotated-out secret keeps signing beside the new one. */
export const PREVIOUS_SECRET_HOURS = 24;
/** Live endpoints an organization may have. */
export const MAX_ENDPOINTS = 16;

export const endpointSchema = z
  .object({
    uuid: z.uuid(),
    url: z.string().describe('Where events are POSTed'),
    description: z.string(),
    event_types: z
      .array(z.string())
      .nullable()
      .describe('The event types sent to it; null: every type (GET /api/v1/webhook-event-types/)'),
    enabled: z.boolean(),
    disabled_reason: z
      .enum(['gone', 'failing'])
      .nullable()
      .describe('Why kassa turned it off: the receiver answered 410 (gone), or failed for 5 days (failing)'),
    failing_since: z.iso.datetime().nullable().describe('The first failed attempt since the last success'),
    previous_secret_expires_date: z.iso
      .datetime()
      .nullable()
      .describe('Until when the secret before the last rotation still signs beside the new one'),
    created_date: z.iso.datetime(),
    updated_date: z.iso.datetime(),
  })
  .meta({ id: 'WebhookEndpoint', examples: [webhookEndpointExample] });

export const endpointWithSecretSchema = endpointSchema
  .extend({
    secret: z.string().describe('The signing secret (whsec_…): shown in this answer only, never again'),
  })
  .meta({ id: 'WebhookEndpointWithSecret', examples: [webhookEndpointWithSecretExample] });

export type EndpointView = z.output<typeof endpointSchema>;

export function endpointView(row: EndpointRow, now: Date): EndpointView {
  const previousLive =
    row.previous_secret_expires_at !== null && new Date(row.previous_secret_expires_at) > now;
  return {
    uuid: row.id,
    url: row.url,
    description: row.description,
    event_types: (row.event_types as string[] | null) ?? null,
    enabled: row.enabled,
    disabled_reason: row.disabled_reason as EndpointView['disabled_reason'],
    failing_since: isoInstant(row.failing_since),
    previous_secret_expires_date: previousLive ? isoInstant(row.previous_secret_expires_at) : null,
    created_date: isoInstant(row.created_at)!,
    updated_date: isoInstant(row.updated_at)!,
  };
}

/** `whsec_` and 32 random bytes in base64, the form Standard Webhooks libraries read. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** A live (not deleted) endpoint of this organization. */
export async function findEndpoint(db: Db | Tx, organizationId: string, id: string, lock = false) {
  const row = await findOwnRow(db, 'webhook_endpoints', organizationId, id, { lock });
  return row && row.deleted_at === null ? row : undefined;
}

/** Does the endpoint want events of this type? */
export function wantsType(row: Pick<EndpointRow, 'event_types'>, type: string): boolean {
  const types = row.event_types as string[] | null;
  return types === null || types.includes(type);
}

/** The secrets that sign right now: the current one, and the previous one for 24 h after a rotation. */
export function signingSecrets(row: EndpointRow, now: Date): string[] {
  const previous =
    row.previous_secret !== null &&
    row.previous_secret_expires_at !== null &&
    new Date(row.previous_secret_expires_at) > now;
  return previous ? [row.secret, row.previous_secret!] : [row.secret];
}
