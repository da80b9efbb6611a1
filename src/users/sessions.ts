import type { Clock } from '../clock.ts';
import type { OrganizationRef } from '../context.ts';
import type { Language, Role } from '../db/tables-people.ts';
import type { Db, Tx } from '../db/transaction.ts';
import { newId } from '../ids.ts';
import { generateSessionSecret, hashSessionSecret } from './session-secret.ts';

/** A session ends after 8 hours without a request, and 7 days after sign-in whatever happens. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** Requests within a minute of the last recorded one do not write `last_seen_at` again. */
const TOUCH_AFTER_MS = 60 * 1000;

/** The person behind a request authenticated by the session cookie. */
export interface SignedInPerson {
  userId: string;
  email: string;
  role: Role;
  sessionId: string;
  /** The cookie's value: the CSRF token is derived from it. */
  sessionSecret: string;
}

export interface AuthenticatedSession {
  organization: OrganizationRef;
  person: SignedInPerson;
}

/** Starts a session for a member of the organization; answers the secret for the cookie. */
export async function startSession(
  db: Db | Tx,
  clock: Clock,
  userId: string,
  organizationId: string,
): Promise<string> {
  const secret = generateSessionSecret();
  const now = clock.now();
  // Sessions never presented again would stay forever: each sign-in sweeps the person's ended ones.
  await db
    .deleteFrom('user_sessions')
    .where('user_id', '=', userId)
    .where((eb) =>
      eb.or([
        eb('expires_at', '<=', now),
        eb('last_seen_at', '<=', new Date(now.getTime() - SESSION_IDLE_MS)),
      ]),
    )
    .execute();
  await db
    .insertInto('user_sessions')
    .values({
      organization_id: organizationId,
      id: newId(),
      user_id: userId,
      token_hash: hashSessionSecret(secret),
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
    })
    .execute();
  return secret;
}

/**
 * The live session with this secret, its person, role and organization. An expired session (idle
 * or past its absolute end) is deleted and answers null, as an unknown one does.
 */
export async function authenticateSession(
  db: Db,
  clock: Clock,
  secret: string,
): Promise<AuthenticatedSession | null> {
  const row = await db
    .selectFrom('user_sessions as s')
    .innerJoin('memberships as m', (join) =>
      join.onRef('m.organization_id', '=', 's.organization_id').onRef('m.user_id', '=', 's.user_id'),
    )
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .select([
      's.id as sessionId',
      's.user_id',
      's.last_seen_at',
      's.expires_at',
      'm.role',
      'u.email',
      'o.id',
      'o.country',
      'o.currency',
      'o.timezone',
    ])
    .where('s.token_hash', '=', hashSessionSecret(secret))
    .executeTakeFirst();
  if (!row) return null;
  const now = clock.now().getTime();
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (now >= new Date(row.expires_at).getTime() || now >= lastSeen + SESSION_IDLE_MS) {
    await endSession(db, row.id, row.sessionId);
    return null;
  }
  if (now - lastSeen >= TOUCH_AFTER_MS)
    await db
      .updateTable('user_sessions')
      .set({ last_seen_at: new Date(now) })
      .where('organization_id', '=', row.id)
      .where('id', '=', row.sessionId)
      .execute();
  return {
    organization: { id: row.id, country: row.country, currency: row.currency, timezone: row.timezone },
    person: {
      userId: row.user_id,
      email: row.email,
      role: row.role,
      sessionId: row.sessionId,
      sessionSecret: secret,
    },
  };
}

export async function endSession(db: Db | Tx, organizationId: string, sessionId: string): Promise<void> {
  await db
    .deleteFrom('user_sessions')
    .where('organization_id', '=', organizationId)
    .where('id', '=', sessionId)
    .execute();
}

/** What the session answers: the person, the organization it acts for, its role, and where else it may go. */
export interface SessionView {
  user: { id: string; email: string; name: string; language: Language };
  organization: { id: string; slug: string; name: string };
  role: Role;
  organizations: { id: string; slug: string; name: string; role: Role }[];
  csrf_token: string;
}

/** A person's organizations, the one they joined first first. */
export function membershipsOf(db: Db | Tx, userId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select(['o.id', 'o.slug', 'o.name', 'm.role'])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at')
    .orderBy('o.slug')
    .execute();
}

export async function sessionViewOf(
  db: Db | Tx,
  userId: string,
  organizationId: string,
  csrfToken: string,
): Promise<SessionView> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'language'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const organizations = await membershipsOf(db, userId);
  const current = organizations.find((o) => o.id === organizationId);
  if (!current) throw new Error(`session of ${userId} acts for ${organizationId}, where they are no member`);
  return {
    user,
    organization: { id: current.id, slug: current.slug, name: current.name },
    role: current.role,
    organizations,
    csrf_token: csrfToken,
  };
}
