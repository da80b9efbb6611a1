import { registerAccountDependentCheck } from './accounts/account-dependents.ts';
import { activeSubscriptionsCheck } from './subscriptions/active-subscriptions-check.ts';

let wired = false;

/**
 * Connects modules that must react to one another without reading each other's tables: each
 * registers with the module that asks. Called once when the server is built.
 */
export function wireModules() {
  if (wired) return;
  wired = true;
  registerAccountDependentCheck(activeSubscriptionsCheck);
}
