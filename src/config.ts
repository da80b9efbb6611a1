import { resolve } from 'node:path';
import { type Clock, clockStartingAt, systemClock } from './clock.ts';

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  clock: Clock;
  logLevel: string;
  rateLimitPerMinute: number;
  trustProxy: boolean;
  /** smtp://user:pass@host:587; unset: e-mail is written to `outboxDir` as .eml files. */
  smtpUrl: string | undefined;
  outboxDir: string;
  mailFrom: string;
  /** PUBLIC_URL: where people reach this server (links in e-mails, self-service); unset: `http://localhost:<port>`, the port `kassa serve` actually listens on. */
  publicUrl: string | undefined;
  /** STRIPE_PUBLISHABLE_KEY and STRIPE_JS_URL: Stripe.js in the self-service portal, for adding a card. */
  stripe:
    | { apiKey: string; baseUrl: string | undefined; publishableKey?: string; scriptUrl?: string }
    | undefined;
  quickpay: { apiKey: string; baseUrl: string | undefined } | undefined;
  /** KASSA_WEBHOOKS_ALLOW_PRIVATE=true: webhooks may go to http and private addresses (development). */
  webhooksAllowPrivate: boolean;
}

/** Reads the environment once; nothing else reads process.env for settings. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const now = env.KASSA_NOW;
  let clock = systemClock;
  if (now) {
    const start = new Date(now);
    if (Number.isNaN(start.getTime()))
      throw new Error(`KASSA_NOW=${now} is not an ISO instant (e.g. 2025-01-01T09:00:00Z)`);
    clock = clockStartingAt(start);
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT=${env.PORT} is not a port number`);
  const rateLimit = Number(env.KASSA_RATE_LIMIT ?? 60_000);
  if (!Number.isInteger(rateLimit) || rateLimit < 0)
    throw new Error(`KASSA_RATE_LIMIT=${env.KASSA_RATE_LIMIT} is not a whole number of requests a minute`);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.KASSA_DATA_DIR ?? './data'),
    port,
    host: env.HOST ?? '0.0.0.0',
    clock,
    logLevel: env.LOG_LEVEL ?? 'info',
    rateLimitPerMinute: rateLimit,
    trustProxy: env.TRUST_PROXY === 'true',
    smtpUrl: env.SMTP_URL || undefined,
    outboxDir: resolve(env.KASSA_OUTBOX_DIR ?? resolve(env.KASSA_DATA_DIR ?? './data', 'outbox')),
    mailFrom: env.MAIL_FROM ?? 'kassa <billing@localhost>',
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
    stripe: env.STRIPE_API_KEY
      ? {
          apiKey: env.STRIPE_API_KEY,
          baseUrl: env.STRIPE_BASE_URL || undefined,
          ...(env.STRIPE_PUBLISHABLE_KEY ? { publishableKey: env.STRIPE_PUBLISHABLE_KEY } : {}),
          ...(env.STRIPE_JS_URL ? { scriptUrl: env.STRIPE_JS_URL } : {}),
        }
      : undefined,
    quickpay: env.QUICKPAY_API_KEY
      ? { apiKey: env.QUICKPAY_API_KEY, baseUrl: env.QUICKPAY_BASE_URL || undefined }
      : undefined,
    webhooksAllowPrivate: env.KASSA_WEBHOOKS_ALLOW_PRIVATE === 'true',
  };
}
