import type { Services } from '../../context.ts';
import type { App } from '../../http/types.ts';
import { registerBillwerkCustomerRoutes } from './customer-routes.ts';
import { registerBillwerkOrderRoutes } from './order-routes.ts';

/** The Billwerk-compatible API (issue 18): the `billwerk` npm client's routes over kassa's use cases. */
export function registerBillwerkRoutes(app: App, services: Services) {
  registerBillwerkCustomerRoutes(app, services);
  registerBillwerkOrderRoutes(app, services);
}
