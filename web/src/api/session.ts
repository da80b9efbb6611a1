import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, csrfHeaders, type Problem, setCsrfToken } from './client.ts';

export type Role = 'owner' | 'member' | 'viewer';

export interface OrganizationChoice {
  id: string;
  slug: string;
  name: string;
  role?: Role;
}

/** The signed-in person, as `GET /api/v1/session/` answers it. */
export interface Session {
  user: { id: string; email: string; name: string; language: string };
  organization: OrganizationChoice;
  role: Role;
  organizations: OrganizationChoice[];
  csrf_token: string;
}

export interface SignIn {
  email: string;
  password: string;
  totp_code?: string;
  organization?: string;
}

const SESSION = '/api/v1/session/';

async function sessionCall(method: string, path: string, body?: unknown): Promise<Session | null> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...csrfHeaders(method),
      'X-Client-System': 'kassa-web',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(parsed as Problem);
  const session = parsed as Session;
  setCsrfToken(session.csrf_token);
  return session;
}

/** The session, or null when nobody is signed in (401, or no session API on this server). */
export async function fetchSession(): Promise<Session | null> {
  try {
    return await sessionCall('GET', SESSION);
  } catch (error) {
    if (error instanceof ApiError && [401, 404].includes(error.status)) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export const sessionQuery = { queryKey: ['session'], queryFn: fetchSession, staleTime: 60_000 } as const;

export function useSession() {
  return useQuery(sessionQuery);
}

/** The signed-in session; only for pages under the signed-in layout. */
export function useSignedIn(): Session {
  const { data } = useSession();
  if (!data) throw new Error('useSignedIn outside the signed-in layout');
  return data;
}

/** Whether the person may change things (owners and members); viewers only read. */
export function useCanWrite(): boolean {
  return useSession().data?.role !== 'viewer';
}

export function useSessionActions() {
  const client = useQueryClient();
  const settle = (session: Session | null) => {
    client.clear();
    client.setQueryData(sessionQuery.queryKey, session);
    return session;
  };
  return {
    signIn: async (input: SignIn) => settle(await sessionCall('POST', SESSION, input)),
    signOut: async () => {
      try {
        await sessionCall('DELETE', SESSION);
      } finally {
        setCsrfToken(null);
        settle(null);
      }
    },
    switchOrganization: async (organization: string) =>
      settle(await sessionCall('POST', `${SESSION}organization/`, { organization })),
  };
}

/** Everything read from the API is read again (after a change), but the session itself. */
export function refreshData(client: QueryClient) {
  return client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
}
