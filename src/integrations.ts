import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from './config.ts';
import type { Integrations, Services } from './context.ts';
import { outboxMailer, smtpMailer } from './mail/mailer.ts';

/** Mail, card gateways and the public address from the configuration. */
export function integrationsFromConfig(config: Config): Integrations {
  return {
    mailer: config.smtpUrl ? smtpMailer(config.smtpUrl) : outboxMailer(config.outboxDir),
    mailFrom: config.mailFrom,
    gateways: {
      ...(config.stripe ? { stripe: config.stripe } : {}),
      ...(config.quickpay ? { quickpay: config.quickpay } : {}),
    },
    publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
  };
}

const fallback: Integrations = {
  mailer: outboxMailer(join(tmpdir(), 'kassa-outbox')),
  mailFrom: 'kassa <billing@localhost>',
  gateways: {},
  publicUrl: 'http://localhost:3000',
};

/** The services' integrations; where none were given (a library caller), mail goes to a temp outbox. */
export function integrationsOf(services: Services): Integrations {
  return services.integrations ?? fallback;
}
