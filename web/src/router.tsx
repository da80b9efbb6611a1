import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { sessionQuery } from './api/session.ts';
import { pageSearch } from './components/list-search.ts';
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

const page = <P extends string>(
  path: P,
  load: () => Promise<{ default: () => React.ReactNode }>,
  search = false,
) =>
  createRoute({
    getParentRoute: () => signedIn,
    path,
    component: lazyRouteComponent(load),
    ...(search ? { validateSearch: pageSearch } : {}),
  });

const routeTree = root.addChildren([
  signIn,
  signedIn.addChildren([
    page('/', () => import('./pages/OverviewPage.tsx')),
    page('/accounts', () => import('./pages/accounts/AccountsPage.tsx'), true),
    page('/accounts/new', () => import('./pages/accounts/AccountFormPage.tsx')),
    page('/accounts/$accountId', () => import('./pages/accounts/AccountPage.tsx')),
    page('/accounts/$accountId/edit', () => import('./pages/accounts/AccountFormPage.tsx')),
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
