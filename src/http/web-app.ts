import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type GatewaySettings, STRIPE_JS_URL } from '../payments/gateways/card-gateway.ts';
import type { App } from './types.ts';

/** Where `npm run build:web` (and `npm start`) put the built admin app. */
export const WEB_DIST = resolve(import.meta.dirname, '../../web/dist');

/**
 * The app's own page may load only itself; styles inline because Mantine writes its theme variables
 * in a <style> element; PDFs are previewed in a frame of the same origin.
 */
function contentSecurityPolicy(extra: { script?: string[]; connect?: string[]; frame?: string[] } = {}) {
  const list = (own: string, more: string[] = []) => [own, ...more].join(' ');
  return [
    "default-src 'self'",
    `script-src ${list("'self'", extra.script)}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${list("'self'", extra.connect)}`,
    `frame-src ${list("'self' blob:", extra.frame)}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * The portal's page may also run Stripe.js, when Stripe is set up for adding cards: its script, the
 * Payment Element's frames and its API calls (Stripe's own CSP guidance: js.stripe.com for scripts and
 * frames, hooks.stripe.com for 3-D Secure frames, api.stripe.com for calls). A stand-in's origin
 * (STRIPE_JS_URL) is allowed for all three instead. QuickPay's window is a page of its own, reached by
 * navigation, which needs nothing here.
 */
export function portalContentSecurityPolicy(gateways: GatewaySettings): string {
  const stripe = gateways.stripe;
  if (!stripe?.apiKey || !stripe.publishableKey) return CONTENT_SECURITY_POLICY;
  const origin = new URL(stripe.scriptUrl ?? STRIPE_JS_URL).origin;
  if (origin === new URL(STRIPE_JS_URL).origin)
    return contentSecurityPolicy({
      script: [origin],
      frame: [origin, 'https://hooks.stripe.com'],
      connect: ['https://api.stripe.com'],
    });
  return contentSecurityPolicy({ script: [origin], frame: [origin], connect: [origin] });
}

const HASHED_ASSET = /^\/assets\//;

/**
 * Serves the built web app at `/`: files as they are (hashed assets cached for a year), and the app's
 * index.html for any other GET outside /api, so that a deep link (/accounts/…) opens the app, which
 * routes it. Answers whether the app is built; when it is not, every path stays a JSON 404.
 */
export async function registerWebApp(app: App, dist = WEB_DIST): Promise<boolean> {
  if (!existsSync(resolve(dist, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    index: false,
    wildcard: true,
    setHeaders(reply, path) {
      const relative = path.slice(dist.length).replaceAll('\\', '/');
      reply.header(
        'cache-control',
        HASHED_ASSET.test(relative) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  // The root itself is a folder to the static handler; it gets the app's page like any deep link.
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) =>
    sendWebApp(reply),
  );
  return true;
}

/** The customer portal's page (a second entry of the same build), for any GET under /self-service/. */
export const PORTAL_PAGE = 'self-service.html';
const PORTAL_PATH = /^\/self-service(\/|$)/;

/** Whether a request that matched no route should get the customer portal's page. */
export function wantsPortal(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  return PORTAL_PATH.test(request.url.split('?')[0] ?? '');
}

/** Whether a request that matched no route should get the app's page rather than a JSON 404. */
export function wantsWebApp(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '';
  // /self-service/ belongs to the customer portal (issue 16), not to the admin app.
  if (/^\/(api|self-service)(\/|$)/.test(path) || HASHED_ASSET.test(path)) return false;
  return true;
}

export function sendWebApp(reply: FastifyReply, page = 'index.html', policy = CONTENT_SECURITY_POLICY) {
  return reply
    .header('cache-control', 'no-cache')
    .header('content-security-policy', policy)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .sendFile(page);
}
