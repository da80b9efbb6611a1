import { recordChange } from '../audit/record-change.ts';
import type { Services } from '../context.ts';
import { commandLineActor } from '../context.ts';
import { isUniqueViolation, transact } from '../db/transaction.ts';
import { isCountry, isCurrency, isTimeZone } from '../domain/iso.ts';
import { type FieldError, fail, ok, type Result } from '../errors.ts';
import { newId } from '../ids.ts';

export interface NewOrganization {
  slug: string;
  name: string;
  country: string;
  currency: string;
  timezone?: string | undefined;
}

const DEFAULT_TIMEZONES: Record<string, string> = {
  DK: 'Europe/Copenhagen',
  SE: 'Europe/Stockholm',
  NO: 'Europe/Oslo',
  FI: 'Europe/Helsinki',
  DE: 'Europe/Berlin',
  AT: 'Europe/Vienna',
};

export interface OrganizationView {
  id: string;
  slug: string;
  name: string;
  country: string;
  currency: string;
  timezone: string;
}

/** Creates a tenant. Its timezone defaults from its country (UTC where we know none). */
export async function createOrganization(
  services: Services,
  input: NewOrganization,
): Promise<Result<OrganizationView>> {
  const errors: FieldError[] = [];
  const country = input.country.toUpperCase();
  const currency = input.currency.toUpperCase();
  const timezone = input.timezone ?? DEFAULT_TIMEZONES[country] ?? 'UTC';
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(input.slug))
    errors.push({
      field: 'slug',
      code: 'invalid',
      message: 'slug: 2-63 lower-case letters, digits or dashes',
    });
  if (input.name.trim() === '')
    errors.push({ field: 'name', code: 'required', message: 'name must not be empty' });
  if (!isCountry(country))
    errors.push({
      field: 'country',
      code: 'invalid',
      message: `country: ${input.country} is not an ISO 3166-1 code`,
    });
  if (!isCurrency(currency))
    errors.push({
      field: 'currency',
      code: 'invalid',
      message: `currency: ${input.currency} is not an ISO 4217 code`,
    });
  if (!isTimeZone(timezone))
    errors.push({
      field: 'timezone',
      code: 'invalid',
      message: `timezone: ${timezone} is not an IANA time zone`,
    });
  if (errors.length > 0) return fail('validation_failed', errors.map((e) => e.message).join('; '), errors);

  const now = services.clock.now();
  const view: OrganizationView = {
    id: newId(),
    slug: input.slug,
    name: input.name.trim(),
    country,
    currency,
    timezone,
  };
  try {
    return await transact(services.db, async (tx) => {
      await tx
        .insertInto('organizations')
        .values({ ...view, created_at: now, updated_at: now })
        .execute();
      const actor = commandLineActor(view);
      await recordChange(
        tx,
        { actor, clock: services.clock },
        {
          action: 'organization.created',
          entityType: 'organization',
          entityId: view.id,
          before: null,
          after: view,
        },
      );
      return ok(view);
    });
  } catch (error) {
    if (isUniqueViolation(error))
      return fail('code_taken', `an organization with slug ${input.slug} exists`, [
        { field: 'slug', code: 'taken', message: `slug ${input.slug} is taken` },
      ]);
    throw error;
  }
}
