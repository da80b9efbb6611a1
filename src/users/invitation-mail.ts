import type { Services } from '../context.ts';
import type { Language } from '../db/tables-people.ts';
import { integrationsOf } from '../integrations.ts';

/** Where an invited person sets their password: the web app's page, carrying the invitation's secret. */
export function invitationUrl(services: Services, token: string): string {
  return `${integrationsOf(services).publicUrl}/accept-invitation?token=${encodeURIComponent(token)}`;
}

const TEXTS: Record<
  Language,
  { subject: (org: string) => string; body: (org: string, url: string, days: number) => string }
> = {
  da: {
    subject: (org) => `Invitation til ${org} i kassa`,
    body: (org, url, days) =>
      `Du er inviteret til ${org} i kassa.\n\nVælg din adgangskode her (linket gælder i ${days} dage):\n${url}\n`,
  },
  sv: {
    subject: (org) => `Inbjudan till ${org} i kassa`,
    body: (org, url, days) =>
      `Du har bjudits in till ${org} i kassa.\n\nVälj ditt lösenord här (länken gäller i ${days} dagar):\n${url}\n`,
  },
  de: {
    subject: (org) => `Einladung zu ${org} in kassa`,
    body: (org, url, days) =>
      `Sie wurden zu ${org} in kassa eingeladen.\n\nLegen Sie hier Ihr Passwort fest (der Link gilt ${days} Tage):\n${url}\n`,
  },
  en: {
    subject: (org) => `Invitation to ${org} in kassa`,
    body: (org, url, days) =>
      `You have been invited to ${org} in kassa.\n\nChoose your password here (the link is valid for ${days} days):\n${url}\n`,
  },
};

const ADDED: Record<
  Language,
  { subject: (org: string) => string; body: (org: string, url: string) => string }
> = {
  da: {
    subject: (org) => `Du har fået adgang til ${org} i kassa`,
    body: (org, url) =>
      `Du har fået adgang til ${org} i kassa. Log ind med din sædvanlige adgangskode:\n${url}\n`,
  },
  sv: {
    subject: (org) => `Du har fått tillgång till ${org} i kassa`,
    body: (org, url) =>
      `Du har fått tillgång till ${org} i kassa. Logga in med ditt vanliga lösenord:\n${url}\n`,
  },
  de: {
    subject: (org) => `Sie haben Zugang zu ${org} in kassa`,
    body: (org, url) =>
      `Sie haben jetzt Zugang zu ${org} in kassa. Melden Sie sich mit Ihrem Passwort an:\n${url}\n`,
  },
  en: {
    subject: (org) => `You now have access to ${org} in kassa`,
    body: (org, url) => `You now have access to ${org} in kassa. Sign in with your usual password:\n${url}\n`,
  },
};

/**
 * E-mails an invitation link (a new person) or a note that they were added (someone who already
 * signs in elsewhere), in the person's language. Sent after the change is committed; answers whether
 * the mail was handed over, so a failure never undoes the invitation (its link is in the API answer).
 */
export async function sendInvitationMail(
  services: Services,
  to: { email: string; language: Language },
  organizationName: string,
  invitation: { url: string; days: number } | null,
): Promise<boolean> {
  const { mailer, mailFrom, publicUrl } = integrationsOf(services);
  const texts = invitation ? TEXTS[to.language] : null;
  const added = ADDED[to.language];
  try {
    await mailer.send({
      from: mailFrom,
      to: to.email,
      subject: texts ? texts.subject(organizationName) : added.subject(organizationName),
      text:
        texts && invitation
          ? texts.body(organizationName, invitation.url, invitation.days)
          : added.body(organizationName, `${publicUrl}/`),
    });
    return true;
  } catch {
    return false;
  }
}
