import type { Services } from '../context.ts';
import type { Language } from '../db/tables-people.ts';
import { integrationsOf } from '../integrations.ts';
import { findOrganizationBySlug } from '../tenancy/organizations.ts';
import { SELF_SERVICE_MINUTES } from './self-service-tokens.ts';
import { tokenFor } from './subscription-token.ts';

/** At most this many accounts sharing one e-mail get a link from one request. */
const MAX_ACCOUNTS = 3;

const TEXTS: Record<
  Language,
  { subject: (org: string) => string; body: (name: string, org: string, url: string) => string }
> = {
  da: {
    subject: (org) => `Dit link til din konto hos ${org}`,
    body: (name, org, url) =>
      `Hej ${name}\n\nÅbn din konto hos ${org} her. Linket virker én gang og i ${SELF_SERVICE_MINUTES} minutter:\n${url}\n\nHar du ikke bedt om det, kan du se bort fra denne e-mail: intet ændres.\n`,
  },
  sv: {
    subject: (org) => `Din länk till ditt konto hos ${org}`,
    body: (name, org, url) =>
      `Hej ${name}\n\nÖppna ditt konto hos ${org} här. Länken fungerar en gång och i ${SELF_SERVICE_MINUTES} minuter:\n${url}\n\nHar du inte bett om den kan du bortse från detta e-postmeddelande: inget ändras.\n`,
  },
  de: {
    subject: (org) => `Ihr Link zu Ihrem Konto bei ${org}`,
    body: (name, org, url) =>
      `Hallo ${name},\n\nöffnen Sie Ihr Konto bei ${org} hier. Der Link funktioniert einmal und ${SELF_SERVICE_MINUTES} Minuten lang:\n${url}\n\nWenn Sie ihn nicht angefordert haben, ignorieren Sie diese E-Mail: Es ändert sich nichts.\n`,
  },
  en: {
    subject: (org) => `Your link to your account with ${org}`,
    body: (name, org, url) =>
      `Hello ${name},\n\nOpen your account with ${org} here. The link works once, within ${SELF_SERVICE_MINUTES} minutes:\n${url}\n\nIf you did not ask for it, ignore this e-mail: nothing changes.\n`,
  },
};

/**
 * A customer who has only their e-mail asks for a self-service link: each live account of the
 * organization with that e-mail (or invoice e-mail) is sent a one-time link, in its language. Answers
 * how many mails were handed over; the caller never tells the asker, so the answer cannot reveal
 * whether the e-mail is known. A mail that cannot be sent is logged, not retried.
 */
export async function sendLinksByEmail(
  services: Services,
  input: { organization: string; email: string },
  log: (error: unknown) => void,
): Promise<number> {
  const organization = await findOrganizationBySlug(services.db, input.organization);
  if (!organization) return 0;
  const email = input.email.toLowerCase();
  const accounts = await services.db
    .selectFrom('accounts')
    .select(['id', 'name', 'email', 'invoice_email', 'language'])
    .where('organization_id', '=', organization.id)
    .where('archived_at', 'is', null)
    .where((eb) =>
      eb.or([eb(eb.fn('lower', ['email']), '=', email), eb(eb.fn('lower', ['invoice_email']), '=', email)]),
    )
    .orderBy('id')
    .limit(MAX_ACCOUNTS)
    .execute();
  const { mailer, mailFrom } = integrationsOf(services);
  let sent = 0;
  for (const account of accounts) {
    const link = await tokenFor(services, organization.id, account.id);
    const texts = TEXTS[account.language];
    try {
      await mailer.send({
        from: mailFrom,
        // The address as the account has it, never as typed.
        to: (account.email?.toLowerCase() === email ? account.email : account.invoice_email) as string,
        subject: texts.subject(organization.name),
        text: texts.body(account.name, organization.name, link.url),
      });
      sent++;
    } catch (error) {
      log(error);
    }
  }
  return sent;
}
