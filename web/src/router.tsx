import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  notFound,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { sessionQuery } from './api/session.ts';
import { filteredSearch, pageSearch } from './components/list-search.ts';
import { AppLayout } from './layout/AppLayout.tsx';
import { ErrorPage } from './pages/ErrorPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';

interface RouterContext {
  queryClient: QueryClient;
}

const root = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
  errorComponent: ErrorPage,
});

const signIn = createRoute({
  getParentRoute: () => root,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { redirect?: string; expired?: boolean } => ({
    ...(typeof search.redirect === 'string' && search.redirect.startsWith('/')
      ? { redirect: search.redirect }
      : {}),
    ...(search.expired === true || search.expired === 'true' ? { expired: true } : {}),
  }),
  component: lazyRouteComponent(() => import('./pages/SignInPage.tsx')),
});

/** Every page but the sign-in page: a session is needed, and the layout shows the navigation. */
const signedIn = createRoute({
  getParentRoute: () => root,
  id: 'signed-in',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (!session) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
  },
  component: AppLayout,
  notFoundComponent: NotFoundPage,
});

const child = () => signedIn;
/** The pages that are forms: a viewer, who may not write, gets the not-found page instead. */
const writersOnly = async ({ context }: { context: RouterContext }) => {
  const session = await context.queryClient.ensureQueryData(sessionQuery);
  if (session?.role === 'viewer') throw notFound();
};
const lazy = lazyRouteComponent;
const optionalString =
  <K extends string>(key: K) =>
  (search: Record<string, unknown>): Partial<Record<K, string>> =>
    typeof search[key] === 'string' && search[key] ? ({ [key]: search[key] } as Record<K, string>) : {};

const routeTree = root.addChildren([
  signIn,
  signedIn.addChildren([
    createRoute({
      getParentRoute: child,
      path: '/',
      component: lazy(() => import('./pages/OverviewPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/dashboard',
      component: lazy(() => import('./pages/dashboard/DashboardPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/accounts',
      validateSearch: pageSearch,
      component: lazy(() => import('./pages/accounts/AccountsPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/accounts/new',
      beforeLoad: writersOnly,
      component: lazy(() => import('./pages/accounts/AccountFormPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/accounts/$accountId',
      component: lazy(() => import('./pages/accounts/AccountPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/accounts/$accountId/edit',
      beforeLoad: writersOnly,
      component: lazy(() => import('./pages/accounts/AccountFormPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/catalog',
      validateSearch: pageSearch,
      component: lazy(() => import('./pages/catalog/CatalogPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/subscriptions',
      validateSearch: pageSearch,
      component: lazy(() => import('./pages/subscriptions/SubscriptionsPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/subscriptions/new',
      beforeLoad: writersOnly,
      validateSearch: optionalString('account'),
      component: lazy(() => import('./pages/subscriptions/NewSubscriptionPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/subscriptions/$subscriptionId',
      component: lazy(() => import('./pages/subscriptions/SubscriptionPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/orders',
      validateSearch: pageSearch,
      component: lazy(() => import('./pages/orders/OrdersPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/billing',
      validateSearch: optionalString('run'),
      component: lazy(() => import('./pages/billing/BillingPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/billing/drafts/$draftId',
      component: lazy(() => import('./pages/billing/DraftPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/invoices',
      validateSearch: pageSearch,
      component: lazy(() => import('./pages/invoices/InvoicesPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/invoices/$invoiceId',
      component: lazy(() => import('./pages/invoices/InvoicePage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/payments',
      validateSearch: pageSearch,
      component: lazy(() => import('./pages/payments/PaymentsPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/settings',
      validateSearch: pageSearch,
      component: lazy(() => import('./pages/settings/SettingsPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/settings/webhooks/$endpointId',
      component: lazy(() => import('./pages/settings/WebhookEndpointPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/audit',
      validateSearch: filteredSearch('action', 'entity_type', 'entity_id', 'user', 'client_system'),
      component: lazy(() => import('./pages/audit/AuditLogPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/partners',
      validateSearch: filteredSearch('origin'),
      component: lazy(() => import('./pages/partners/PartnersPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/partners/orders/$number',
      component: lazy(() => import('./pages/partners/PartnerOrderPage.tsx')),
    }),
    createRoute({
      getParentRoute: child,
      path: '/imports',
      validateSearch: pageSearch,
      component: lazy(() => import('./pages/imports/ImportsPage.tsx')),
    }),
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
