import { useEffect, useState } from 'react';

/** The portal lives under /self-service/; its few pages are told apart by the path alone. */
export const PORTAL_ROOT = '/self-service/';
export const LINK_INVALID_PATH = '/self-service/link-invalid';
export const REQUEST_LINK_PATH = '/self-service/sign-in';

/** The organization (its slug) a page without a session asks a link of: ?organization=… */
export function organizationOfPage(): string | null {
  return new URLSearchParams(globalThis.location?.search ?? '').get('organization');
}

export type PortalRoute =
  | { page: 'home' }
  | { page: 'invoice'; id: string }
  /** Back from a gateway after adding a card (QuickPay's window, Stripe's 3-D Secure): ?setup=… */
  | { page: 'card-added' }
  | { page: 'link-invalid' }
  /** Ask for a sign-in link by e-mail: /self-service/sign-in?organization=<slug> */
  | { page: 'request-link' }
  | { page: 'not-found' };

export function routeOf(path: string): PortalRoute {
  if (path === PORTAL_ROOT || path === '/self-service') return { page: 'home' };
  if (path === LINK_INVALID_PATH) return { page: 'link-invalid' };
  if (path === REQUEST_LINK_PATH) return { page: 'request-link' };
  if (path === '/self-service/cards/added') return { page: 'card-added' };
  const invoice = /^\/self-service\/invoices\/([0-9a-fA-F-]{36})\/?$/.exec(path);
  if (invoice) return { page: 'invoice', id: invoice[1] as string };
  return { page: 'not-found' };
}

/** The current path, following the browser's back and forward buttons. */
export function usePortalPath(): [string, (path: string, replace?: boolean) => void] {
  const [path, setPath] = useState(() => globalThis.location?.pathname ?? PORTAL_ROOT);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const navigate = (next: string, replace = false) => {
    if (replace) history.replaceState(null, '', next);
    else history.pushState(null, '', next);
    setPath(next);
    scrollTo(0, 0);
  };
  return [path, navigate];
}
