import { Decimal } from 'decimal.js';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { ContractsTable, ContractTiersTable } from '../db/schema.ts';
import type { Db, Tx } from '../db/transaction.ts';
import { dateString, instant, isoInstant, UUID_PATTERN } from '../http/common-schemas.ts';
import { contractExample } from './contract-examples.ts';

export type ContractRow = Selectable<ContractsTable>;
export type ContractTierRow = Selectable<ContractTiersTable>;

export const contractTierSchema = z
  .object({
    uuid: z.uuid(),
    minimum_quantity: z.number().int(),
    discount: z.string().describe('"15.00": percent, or an amount off the unit price'),
    discount_type: z.enum(['percentage', 'amount']),
  })
  .meta({ id: 'ContractTier' });

export const contractSchema = z
  .object({
    uuid: z.uuid(),
    account: z.uuid(),
    plan_terms: z.uuid(),
    start_date: dateString,
    end_date: dateString.nullable().describe('Inclusive; null: open-ended'),
    tiers: z.array(contractTierSchema).describe('By minimum_quantity, rising'),
    created_date: instant,
    updated_date: instant,
  })
  .meta({ id: 'Contract', examples: [contractExample] });

export type ContractView = z.output<typeof contractSchema>;

export function tierView(tier: ContractTierRow) {
  return {
    uuid: tier.id,
    minimum_quantity: tier.minimum_quantity,
    discount: new Decimal(tier.discount).toFixed(2),
    discount_type: tier.discount_type,
  };
}

export function contractView(row: ContractRow, tiers: ContractTierRow[]): ContractView {
  return {
    uuid: row.id,
    account: row.account_id,
    plan_terms: row.plan_terms_id,
    start_date: row.start_date,
    end_date: row.end_date,
    tiers: [...tiers].sort((a, b) => a.minimum_quantity - b.minimum_quantity).map(tierView),
    created_date: isoInstant(row.created_at)!,
    updated_date: isoInstant(row.updated_at)!,
  };
}

export async function tiersOf(
  db: Db | Tx,
  organizationId: string,
  contractIds: string[],
): Promise<ContractTierRow[]> {
  if (contractIds.length === 0) return [];
  return db
    .selectFrom('contract_tiers')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('contract_id', 'in', contractIds)
    .execute();
}

/** The contract with this id on this account, or undefined (also for another organization's). */
export async function findContract(
  db: Db | Tx,
  organizationId: string,
  accountId: string,
  contractId: string,
  options: { lock?: boolean } = {},
): Promise<ContractRow | undefined> {
  if (!UUID_PATTERN.test(contractId)) return undefined;
  let query = db
    .selectFrom('contracts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('account_id', '=', accountId)
    .where('id', '=', contractId.toLowerCase());
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}
