import Fastify, { type FastifyServerOptions, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { registerAccountRoutes } from '../accounts/routes.ts';
import { registerAuditRoutes } from '../audit/routes.ts';
import { registerBillingRoutes } from '../billing/routes.ts';
import { registerCatalogRoutes } from '../catalog/routes.ts';
import { rewriteBillwerkUrl } from '../compat/billwerk/paths.ts';
import { registerBillwerkRoutes } from '../compat/billwerk/routes.ts';
import type { Services } from '../context.ts';
import { registerContractRoutes } from '../contracts/routes.ts';
import { registerDunningRoutes } from '../dunning/routes.ts';
import { registerEInvoiceRoutes } from '../einvoices/routes.ts';
import { registerExchangeRateRoutes } from '../exchange-rates/routes.ts';
import { registerExportRoutes } from '../exports/routes.ts';
import { newId } from '../ids.ts';
import { registerImportRoutes } from '../imports/routes.ts';
import { integrationsOf } from '../integrations.ts';
import { registerInvoiceRoutes } from '../invoices/routes.ts';
import { registerMetricsRoutes } from '../metrics/routes.ts';
import { registerOrderRoutes } from '../orders/routes.ts';
import { registerPartnerRoutes } from '../partners/routes.ts';
import { registerPaymentRoutes } from '../payments/routes.ts';
import { registerRatedItemRoutes } from '../rated-items/routes.ts';
import { registerCardSetupRoutes } from '../selfservice/card-setup-routes.ts';
import { registerSelfServiceCors } from '../selfservice/cors.ts';
import { registerLinkRequestRoutes } from '../selfservice/link-request-routes.ts';
import { registerPlanChangeRoutes } from '../selfservice/plan-change-routes.ts';
import { registerPortalRoutes } from '../selfservice/portal-routes.ts';
import { registerSelfServiceRoutes } from '../selfservice/routes.ts';
import { registerSubscriptionRoutes } from '../subscriptions/routes.ts';
import { registerOAuthRoutes } from '../tenancy/oauth-routes.ts';
import { registerOrganizationRoutes } from '../tenancy/routes.ts';
import { registerOAuthClientRoutes, registerTokenRoutes } from '../tenancy/token-routes.ts';
import { registerUsageRoutes } from '../usage/routes.ts';
import { registerSessionRoutes } from '../users/session-routes.ts';
import { registerUserRoutes } from '../users/user-routes.ts';
import { registerWebhookRoutes } from '../webhooks/routes.ts';
import { wireModules } from '../wiring.ts';
import { authHook } from './auth.ts';
import { idempotencyHooks } from './idempotency.ts';
import { declareOperation, registerOpenApi } from './openapi.ts';
import { handleError, sendFailure } from './problem.ts';
import { registerRateLimit } from './rate-limit.ts';
import type { App } from './types.ts';
import { unsafeInputHook } from './unsafe-input-hook.ts';
import {
  PORTAL_PAGE,
  portalContentSecurityPolicy,
  registerWebApp,
  sendWebApp,
  wantsPortal,
  wantsWebApp,
} from './web-app.ts';

export interface ServerOptions {
  logger?: FastifyServerOptions['logger'];
  /** Largest accepted request body, in bytes. */
  bodyLimit?: number;
  /** Requests per token (or address, without one) and minute; 0 turns the limit off. Default 60,000. */
  rateLimitPerMinute?: number;
  /**
   * How long a client may take to send a whole request, headers and body (a body sent a byte every few
   * seconds is ended with 408 then). Default 60 s: 8 MiB of usage at 1 Mbit/s.
   */
  requestTimeoutMs?: number;
  /**
   * Failed token authentications (unknown, revoked or expired tokens) per address in 15 minutes, after
   * which tokens from that address get 429 until the window ends. Default 100; 0 turns it off.
   */
  failedTokensPerAddress?: number;
  /** Trust X-Forwarded-* from a proxy in front (for the scheme and host of `next` links). */
  trustProxy?: boolean;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

/** Builds the HTTP API: hooks for auth and idempotency, the error mapping, OpenAPI, and every module's routes. */
export async function buildServer(services: Services, options: ServerOptions = {}): Promise<App> {
  wireModules();
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const app = Fastify({
    logger: options.logger ?? (process.env.KASSA_TEST_LOG ? { level: 'error' } : false),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // The Billwerk client's paths in any casing, to the adapter's casing (src/compat/billwerk/paths.ts).
    rewriteUrl: rewriteBillwerkUrl,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : newId();
    },
    return503OnClosing: true,
    requestTimeout: requestTimeoutMs,
    // Node reads the request timeout only when the server is made (setting it later is ignored), and
    // looks for requests over their time every second (30 s by default).
    http: { requestTimeout: requestTimeoutMs, connectionsCheckingInterval: 1_000 },
    // A path Fastify cannot decode, or a parameter over maxParamLength: problem documents like every error.
    frameworkErrors: handleError,
    // One log line per request costs more than the request; errors are logged where they happen.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: options.trustProxy ?? false,
  }).withTypeProvider() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('auth', null);
  app.decorateRequest('idempotency', null);
  app.decorateRequest('customer', null);

  let closing = false;
  app.addHook('onClose', async () => {
    closing = true;
  });
  const operationIds = new Set<string>();
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access === undefined && route.url.startsWith('/api/v1'))
      throw new Error(`route ${route.method} ${route.url} must say who may call it (config.access)`);
    declareOperation(route, operationIds);
  });
  app.addHook('onRequest', async (request) => {
    // Clients (the seed's own example among them) send Content-Type: application/json on every request,
    // bodyless DELETEs included; an empty body is no body, not malformed JSON.
    const length = request.headers['content-length'];
    if (
      (length === '0' || (length === undefined && !request.headers['transfer-encoding'])) &&
      request.headers['content-type']
    )
      delete request.headers['content-type'];
  });
  await registerRateLimit(app, options.rateLimitPerMinute ?? 60_000, services.clock);
  app.addHook('onRequest', authHook(services.db, services.clock, options.failedTokensPerAddress));
  // JSON only: a text/plain body is refused with 415 instead of being read as a string.
  app.removeContentTypeParser('text/plain');
  app.addHook('preValidation', unsafeInputHook);
  const idempotency = idempotencyHooks(services.db, services.clock);
  app.addHook('preHandler', idempotency.claim);
  app.addHook('onSend', idempotency.remember);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', String(request.id));
    return payload;
  });
  registerSelfServiceCors(app, services.db);
  app.setErrorHandler(handleError);
  const webApp = await registerWebApp(app);
  app.setNotFoundHandler((request, reply) =>
    webApp && wantsWebApp(request)
      ? sendWebApp(reply)
      : webApp && wantsPortal(request)
        ? sendWebApp(reply, PORTAL_PAGE, portalContentSecurityPolicy(integrationsOf(services).gateways))
        : sendFailure(request, reply, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`),
  );

  await registerOpenApi(app);
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({
    status: 'ok',
  }));
  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (closing) return sendFailure(request, reply, 'unavailable', 'shutting down');
    try {
      await sql`select 1`.execute(services.db);
      return { status: 'ready' };
    } catch (error) {
      request.log.error({ err: error }, 'database not reachable');
      return sendFailure(request, reply, 'unavailable', 'the database is not reachable');
    }
  });

  registerAccountRoutes(app, services);
  registerAuditRoutes(app, services);
  registerCatalogRoutes(app, services);
  registerContractRoutes(app, services);
  registerSubscriptionRoutes(app, services);
  registerOrderRoutes(app, services);
  registerBillingRoutes(app, services);
  registerInvoiceRoutes(app, services);
  registerEInvoiceRoutes(app, services);
  registerPaymentRoutes(app, services);
  registerDunningRoutes(app, services);
  registerSelfServiceRoutes(app, services);
  registerPortalRoutes(app, services);
  registerPlanChangeRoutes(app, services);
  registerLinkRequestRoutes(app, services);
  registerCardSetupRoutes(app, services);
  registerPartnerRoutes(app, services);
  registerImportRoutes(app, services);
  registerUsageRoutes(app, services);
  registerRatedItemRoutes(app, services);
  registerOrganizationRoutes(app, services);
  registerMetricsRoutes(app, services);
  registerExchangeRateRoutes(app, services);
  registerWebhookRoutes(app, services);
  registerSessionRoutes(app, services);
  registerUserRoutes(app, services);
  registerTokenRoutes(app, services);
  registerOAuthClientRoutes(app, services);
  registerOAuthRoutes(app, services);
  registerExportRoutes(app, services);
  registerBillwerkRoutes(app, services);
  return app;
}
