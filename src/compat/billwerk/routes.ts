import type { Services } from '../../context.ts';
import type { App } from '../../http/types.ts';
import { registerBillwerkCatalogRoutes } from './catalog-routes.ts';
import { registerBillwerkContractRoutes } from './contract-routes.ts';
import { registerBillwerkContractUsageRoutes } from './contract-usage-routes.ts';
import { registerBillwerkCustomerRoutes } from './customer-routes.ts';
import { registerBillwerkInvoiceRoutes } from './invoice-routes.ts';
import { registerBillwerkOrderRoutes } from './order-routes.ts';
import { registerBillwerkWebhookRoutes } from './webhook-routes.ts';

/** The Billwerk-compatible API (issue 18): the `billwerk` npm client's routes over kassa's use cases. */
export function registerBillwerkRoutes(app: App, services: Services) {
  registerBillwerkCustomerRoutes(app, services);
  registerBillwerkOrderRoutes(app, services);
  registerBillwerkCatalogRoutes(app, services);
  registerBillwerkInvoiceRoutes(app, services);
  registerBillwerkWebhookRoutes(app, services);
  registerBillwerkContractRoutes(app, services);
  registerBillwerkContractUsageRoutes(app, services);
}
