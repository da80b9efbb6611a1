import { isIP } from 'node:net';
import { z } from 'zod';
import type { FieldError } from '../errors.ts';
import { hostOf, isForbiddenAddress } from './address-guard.ts';
import { WEBHOOK_EVENT_TYPES } from './event-types.ts';

const eventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES.map((t) => t.type) as [string, ...string[]]))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .nullable()
  .describe('The event types to send; null or left out: every type');

export const endpointInputSchema = z
  .strictObject({
    url: z
      .url()
      .max(2000)
      .describe('An https URL; http and private addresses only with KASSA_WEBHOOKS_ALLOW_PRIVATE=true'),
    description: z.string().max(500).optional(),
    event_types: eventTypes.optional(),
    enabled: z.boolean().optional(),
  })
  .meta({
    examples: [
      { url: 'https://example.com/kassa/webhooks', description: 'ERP sync', event_types: ['invoice.issued'] },
    ],
  });

export const endpointPatchSchema = endpointInputSchema
  .partial()
  .meta({ examples: [{ enabled: true }, { event_types: null }] });

export type EndpointInput = z.output<typeof endpointInputSchema>;
export type EndpointPatch = z.output<typeof endpointPatchSchema>;

/**
 * What can be told about a URL before sending: https (unless private receivers are allowed), no
 * credentials in it, and no forbidden address written as an IP. Names are resolved at send time.
 */
export function urlProblem(value: string, allowPrivate: boolean): FieldError | null {
  const url = new URL(value);
  const problem = (code: string, message: string) => ({ field: 'url', code, message });
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:'))
    return problem('https_required', 'url: webhooks go to https URLs');
  if (url.username || url.password) return problem('invalid', 'url: no user name or password in the URL');
  const host = hostOf(url);
  if (
    !allowPrivate &&
    (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isForbiddenAddress(host)))
  )
    return problem('forbidden_address', `url: ${host} is a private, loopback or reserved address`);
  return null;
}
