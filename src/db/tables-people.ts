import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type Role = 'owner' | 'member' | 'viewer';
export type Language = 'da' | 'sv' | 'de' | 'en';

/** A person: global, since one person may belong to several organizations (migration 0014). */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  language: Language;
  password_hash: string | null;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: number | null;
  invite_token_hash: string | null;
  invite_expires_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipsTable {
  organization_id: string;
  user_id: string;
  role: Role;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserSessionsTable {
  organization_id: string;
  id: string;
  user_id: string;
  token_hash: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface PeopleTables {
  users: UsersTable;
  memberships: MembershipsTable;
  user_sessions: UserSessionsTable;
}
