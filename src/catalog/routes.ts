import type { Services } from '../context.ts';
import type { App } from '../http/types.ts';
import { businessUnits } from './business-units.ts';
import { registerCatalogResource } from './catalog-routes.ts';
import { components } from './components.ts';
import { planGroups } from './plan-groups.ts';
import { planTerms } from './plan-terms.ts';
import { plans } from './plans.ts';
import { taxCategories } from './tax-categories.ts';

export function registerCatalogRoutes(app: App, services: Services) {
  registerCatalogResource(app, services, taxCategories);
  registerCatalogResource(app, services, planGroups);
  registerCatalogResource(app, services, plans);
  registerCatalogResource(app, services, planTerms);
  registerCatalogResource(app, services, components);
  registerCatalogResource(app, services, businessUnits);
}
