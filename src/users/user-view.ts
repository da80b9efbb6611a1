import { z } from 'zod';
import type { Language, Role } from '../db/tables-people.ts';
import type { Db, Tx } from '../db/transaction.ts';
import { isoInstant } from '../http/common-schemas.ts';
import { languageSchema, roleSchema } from './session-view.ts';

export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    language: languageSchema,
    role: roleSchema.describe('The role in this organization'),
    status: z
      .enum(['active', 'invited'])
      .describe('invited: the person has not yet set a password through the invitation link'),
    totp_enabled: z.boolean().describe('Signs in with a second factor (TOTP)'),
    created_date: z.iso.datetime().describe('When the person joined this organization'),
  })
  .meta({
    id: 'User',
    examples: [
      {
        id: '019ae2a4-4b1c-7d3e-9f00-2c5d6e7f8a9b',
        email: 'ann@nordlys.dk',
        name: 'Ann Nordlys',
        language: 'da',
        role: 'owner',
        status: 'active',
        totp_enabled: false,
        created_date: '2026-12-01T09:00:00.000Z',
      },
    ],
  });

export type UserView = z.output<typeof userSchema>;

export interface UserRow {
  id: string;
  email: string;
  name: string;
  language: Language;
  role: Role;
  password_hash: string | null;
  totp_secret: string | null;
  created_at: Date | string;
}

export function userViewOf(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    language: row.language,
    role: row.role,
    status: row.password_hash === null ? 'invited' : 'active',
    totp_enabled: row.totp_secret !== null,
    created_date: isoInstant(row.created_at)!,
  };
}

/** The members of an organization as a query: a person with their role there. */
export function membersQuery(db: Db | Tx, organizationId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('m.organization_id', '=', organizationId);
}

export const MEMBER_COLUMNS = [
  'u.id',
  'u.email',
  'u.name',
  'u.language',
  'm.role',
  'u.password_hash',
  'u.totp_secret',
  'm.created_at',
] as const;

/** One member of the organization, or undefined (another organization's person is not found). */
export function findMember(
  db: Db | Tx,
  organizationId: string,
  userId: string,
): Promise<UserRow | undefined> {
  return membersQuery(db, organizationId)
    .select(MEMBER_COLUMNS)
    .where('u.id', '=', userId)
    .executeTakeFirst();
}
