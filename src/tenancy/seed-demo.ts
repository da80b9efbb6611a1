import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAccount } from '../accounts/create-account.ts';
import { createCatalogItem } from '../catalog/create-catalog-item.ts';
import { planTerms } from '../catalog/plan-terms.ts';
import { plans } from '../catalog/plans.ts';
import { commandLineActor, type OrganizationRef, type Services } from '../context.ts';
import { createSubscription } from '../subscriptions/create-subscription.ts';
import { ensureDemoOwner } from '../users/demo-owner.ts';
import { authenticateToken } from './authenticate-token.ts';
import { createApiToken } from './create-api-token.ts';
import { createOrganization } from './create-organization.ts';
import { findOrganizationBySlug } from './organizations.ts';
import { updateOrganization } from './update-organization.ts';

export const DEMO_SLUG = 'demo';

const DEMO_ACCOUNTS = [
  {
    code: 'NORDLYS',
    name: 'Nordlys ApS',
    email: 'faktura@nordlys.dk',
    type: 'company',
    legal_address: 'Vesterbrogade 1',
    legal_zipcode: '1620',
    legal_city: 'København V',
    legal_country: 'DK',
    vat_number: 'DK12345674',
  },
  {
    code: 'FJALL',
    name: 'Fjäll Gym AB',
    email: 'ekonomi@fjallgym.se',
    type: 'company',
    legal_address: 'Drottninggatan 5',
    legal_zipcode: '111 51',
    legal_city: 'Stockholm',
    legal_country: 'SE',
    vat_number: 'SE556677889901',
    national_id: '556677-8899',
  },
  {
    code: 'ELBE',
    name: 'Elbe Verlag GmbH',
    email: 'rechnung@elbe-verlag.de',
    type: 'company',
    legal_address: 'Jungfernstieg 7',
    legal_zipcode: '20354',
    legal_city: 'Hamburg',
    legal_country: 'DE',
    vat_number: 'DE123456788',
  },
  {
    code: 'ANNA',
    name: 'Anna Andersson',
    email: 'anna@example.se',
    type: 'person',
    legal_country: 'SE',
    national_id: '19811218-9876',
  },
] as const;

export interface DemoSeed {
  organization: OrganizationRef & { slug: string };
  created: boolean;
  /** A token of scope `full`, or null when an earlier one is still valid and `tokenFile` holds it. */
  token: string;
  tokenIsNew: boolean;
  /** The demo owner's sign-in for the web app. */
  signIn: { email: string; password: string };
}

/**
 * Creates the demo organization with a few accounts, a plan with two terms and one subscription, if it is missing, and answers a `full` token and the demo owner's sign-in.
 * With `tokenFile`, the token is kept in that file (inside the local data folder) and reused while it
 * is valid, so restarting the demo server does not pile up tokens.
 */
export async function seedDemo(
  services: Services,
  options: { tokenFile?: string; passwordFile?: string } = {},
): Promise<DemoSeed> {
  let organization = await findOrganizationBySlug(services.db, DEMO_SLUG);
  let created = false;
  if (!organization) {
    const result = await createOrganization(services, {
      slug: DEMO_SLUG,
      name: 'Demo ApS',
      country: 'DK',
      currency: 'DKK',
    });
    if (!result.ok) throw new Error(`cannot create the demo organization: ${result.failure.detail}`);
    organization = result.value;
    created = true;
    const actor = commandLineActor(organization);
    const ctx = { ...services, actor };
    // The seller's details on every invoice, and Danish FIK payment references.
    const settings = await updateOrganization(ctx, {
      legal_address: 'Store Kongensgade 1\n1264 København K',
      vat_number: 'DK10000009',
      organization_number: '10000009',
      email: 'faktura@demo.dk',
      pay_to: 'FI-kreditor 85123456',
      payment_reference_scheme: 'dk_fik71',
    });
    if (!settings.ok) throw new Error(`cannot set up the demo organization: ${settings.failure.detail}`);
    for (const account of DEMO_ACCOUNTS) {
      const made = await createAccount(ctx, account);
      if (!made.ok) throw new Error(`cannot create demo account ${account.code}: ${made.failure.detail}`);
    }
    // Something to sell and one customer on it, so that orders, billing runs and drafts show something.
    const steps = [
      await createCatalogItem(plans, ctx, { code: 'PRO', name: 'Pro' }),
      await createCatalogItem(planTerms, ctx, {
        plan: 'PRO',
        code: 'PRO-MONTHLY',
        name: 'Pro, monthly',
        price: '499.00',
        interval: 'month',
      }),
      await createCatalogItem(planTerms, ctx, {
        plan: 'PRO',
        code: 'PRO-ANNUAL',
        name: 'Pro, annual',
        price: '4990.00',
        interval: 'year',
        minimum_term: 'P12M',
        notice_period: 'P3M',
      }),
      await createSubscription(ctx, { account: 'NORDLYS', terms: 'PRO-MONTHLY', quantity: 5 }),
    ];
    const failed = steps.find((step) => !step.ok);
    if (failed && !failed.ok) throw new Error(`cannot create the demo catalog: ${failed.failure.detail}`);
  }
  const signIn = await ensureDemoOwner(services, organization, options.passwordFile);
  if (options.tokenFile && existsSync(options.tokenFile)) {
    const kept = readFileSync(options.tokenFile, 'utf8').trim();
    const auth = await authenticateToken(services.db, kept, services.clock.now());
    if (auth && auth.organization.id === organization.id && auth.scope === 'full')
      return { organization, created, token: kept, tokenIsNew: false, signIn };
  }
  const token = await createApiToken(services, commandLineActor(organization), {
    scope: 'full',
    name: 'demo token',
  });
  if (!token.ok) throw new Error(token.failure.detail);
  if (options.tokenFile) writeFileSync(options.tokenFile, `${token.value.token}\n`, { mode: 0o600 });
  return { organization, created, token: token.value.token, tokenIsNew: true, signIn };
}

export function demoTokenFile(dataDir: string): string {
  return join(dataDir, 'demo-token');
}
