import { z } from 'zod';
import type { Services } from '../context.ts';
import { FailureThrottle } from '../http/failure-throttle.ts';
import { problemSchema, sendFailure } from '../http/problem.ts';
import type { App } from '../http/types.ts';
import { sendLinksByEmail } from './link-request.ts';

/** Requests per 15 minutes: from one address (then 429), and for one e-mail (then no more mails). */
export const LINK_REQUESTS_PER_ADDRESS = 10;
export const LINK_MAILS_PER_EMAIL = 3;

const NEUTRAL = 'If an account with this e-mail exists, a sign-in link is on its way to it.';

const linkRequestSchema = z
  .strictObject({
    organization: z.string().min(1).max(63).describe('The organization’s slug, as in the portal’s address'),
    email: z.email().max(254).describe('The e-mail of the customer’s account'),
  })
  .meta({ examples: [{ organization: 'fitness-aarhus', email: 'anna@example.com' }] });

/**
 * A customer who has only their e-mail asks for a sign-in link (issue 16): the portal works without
 * the merchant's backend. The answer is the same whether or not the e-mail is known, and comes before
 * any mail is sent, so neither its words nor its timing tell.
 */
export function registerLinkRequestRoutes(app: App, services: Services) {
  const throttle = new FailureThrottle(services.clock);
  app.post('/api/self-service/link-requests/', {
    config: { access: 'public' },
    schema: {
      tags: ['Self-service'],
      operationId: 'requestSelfServiceLink',
      summary: 'E-mail a self-service link',
      description: `Sends a one-time sign-in link to the e-mail if a live account of the organization has it. Always answers 202 with the same words; at most ${LINK_MAILS_PER_EMAIL} mails per e-mail and ${LINK_REQUESTS_PER_ADDRESS} requests per address in 15 minutes.`,
      body: linkRequestSchema,
      response: {
        202: z
          .object({ detail: z.string() })
          .meta({ id: 'SelfServiceLinkRequest', examples: [{ detail: NEUTRAL }] }),
        400: problemSchema,
        429: problemSchema,
      },
    },
    handler: async (request, reply) => {
      const address = [[`link-address:${request.ip}`, LINK_REQUESTS_PER_ADDRESS] as const];
      const wait = throttle.retryAfter(address);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        return sendFailure(request, reply, 'rate_limited', `Too many link requests: try again in ${wait} s.`);
      }
      const { organization, email } = request.body;
      const perEmail = [[`link-email:${organization}:${email.toLowerCase()}`, LINK_MAILS_PER_EMAIL] as const];
      const mayMail = throttle.retryAfter(perEmail) === 0;
      throttle.failed([...address, ...perEmail]);
      if (mayMail)
        void sendLinksByEmail(services, { organization, email }, (error) =>
          request.log.error({ err: error }, 'a self-service link mail was not sent'),
        ).catch((error) => request.log.error({ err: error }, 'a self-service link request failed'));
      return reply.code(202).send({ detail: NEUTRAL });
    },
  });
}
