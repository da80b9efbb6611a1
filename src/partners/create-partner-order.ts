import { Decimal } from 'decimal.js';
import { completeAccountFields } from '../accounts/account-fields.ts';
import { insertAccount } from '../accounts/create-account.ts';
import { nextCustomerNumber } from '../accounts/customer-number.ts';
import { recordChange } from '../audit/record-change.ts';
import { billBatch } from '../billing/bill-batch.ts';
import { writeCharges } from '../billing/write-charges.ts';
import { findCatalogRow } from '../catalog/catalog-store.ts';
import { taxCategoryRates } from '../catalog/components-lookup.ts';
import { type PlanTermsRow, planTermsByIds } from '../catalog/plan-terms-lookup.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import type { Tx } from '../db/transaction.ts';
import { addToIso } from '../domain/calendar.ts';
import { priceLine, vatOnMinor } from '../domain/lines.ts';
import { parseSwedishNationalId } from '../domain/swedish-national-id.ts';
import { vatRate } from '../domain/vat.ts';
import { newId } from '../ids.ts';
import { issueInvoice } from '../invoices/issue-invoice.ts';
import { takeNextNumber } from '../invoices/number-series.ts';
import { insertSubscription } from '../subscriptions/create-subscription.ts';
import { partnerDraft } from './partner-draft.ts';
import type { PartnerErrorCause } from './partner-error-codes.ts';
import { findPartnerOrder } from './partner-orders.ts';
import { findPartnerSettings } from './partner-settings.ts';
import type { PartnerOrder } from './partner-xml.ts';

export interface PartnerFailure {
  cause: PartnerErrorCause;
  message?: string;
  debuginfo: string;
}

export interface PartnerOrderCreated {
  partnerOrderId: string;
  invoiceId: string;
  confirmationEmail: boolean;
}

/** Thrown inside the transaction to roll everything back and answer the partner. */
export class PartnerRefusal extends Error {
  readonly failure: PartnerFailure;
  constructor(failure: PartnerFailure) {
    super(failure.debuginfo);
    this.failure = failure;
  }
}

const refuse = (cause: PartnerErrorCause, debuginfo: string, message?: string): never => {
  throw new PartnerRefusal({ cause, debuginfo, ...(message ? { message } : {}) });
};

function dateParts(iso: string) {
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) };
}

/** The account with this Swedish national id, or a new one made from what the partner sent. */
async function findOrCreateAccount(
  tx: Tx,
  ctx: UseCaseContext,
  nationalId: string,
  type: 'person' | 'company',
  make: {
    name: string;
    email: string | null;
    address: string | null;
    zipcode: string | null;
    city: string | null;
    country: string | null;
    phone: string | null;
  },
  today: string,
) {
  const organizationId = ctx.actor.organizationId;
  const existing = await tx
    .selectFrom('accounts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('national_id', '=', nationalId)
    .where('type', '=', type)
    .where('archived_at', 'is', null)
    .orderBy('created_at')
    .executeTakeFirst();
  if (existing) return { id: existing.id, code: existing.code, created: false, row: existing };
  const code = await nextCustomerNumber(tx, organizationId, today);
  const fields = completeAccountFields(
    {
      code,
      name: make.name.slice(0, 200),
      // An employer sent without an e-mail is kept as a record with none; nothing is ever e-mailed to it.
      email: make.email,
      type,
      legal_address: make.address,
      legal_zipcode: make.zipcode,
      legal_city: make.city,
      legal_country: make.country ?? 'SE',
      national_id: nationalId,
      phone: make.phone && /^\+?[0-9 ()./-]{4,24}$/.test(make.phone) ? make.phone : null,
    },
    ctx.actor.organization,
    ctx.clock.now(),
  );
  if (!fields.ok)
    refuse(type === 'person' ? 'invalid_personnummer' : 'invalid_organization_number', fields.failure.detail);
  const view = await insertAccount(tx, ctx, fields.ok ? fields.value : (undefined as never));
  return { id: view.uuid, code: view.code, created: true, row: null };
}

/**
 * A partner order (seed 001): in one transaction, the person (found by personnummer or created) and
 * the employer, each product checked against the partner's settings, the unit, the start day and the
 * price with VAT, then subscriptions for recurring products and lines for punch cards, invoiced at
 * once with a payment reference the partner pays by. Any refusal rolls all of it back.
 */
export async function createPartnerOrder(
  tx: Tx,
  ctx: UseCaseContext,
  order: PartnerOrder,
  requestXml: string,
): Promise<PartnerOrderCreated> {
  const organizationId = ctx.actor.organizationId;
  const organization = ctx.actor.organization;
  const today = todayIn(ctx.clock, organization.timezone);
  const settings = await findPartnerSettings(tx, organizationId, order.origin);
  if (!settings)
    refuse(
      'configuration_missing',
      `no partner settings for origin '${order.origin}': PUT /api/v1/partner-settings/${order.origin}/`,
    );
  const unit = await findCatalogRow(tx, 'business_units', organizationId, order.businessUnitId);
  if (!unit || unit.archived_at !== null)
    refuse('business_unit_not_allowed', `no business unit with id ${order.businessUnitId}`);
  if (settings!.business_unit_ids && !settings!.business_unit_ids.includes(unit!.id))
    refuse(
      'business_unit_not_allowed',
      `business unit ${order.businessUnitId} is not open to ${order.origin}`,
    );

  const person = parseSwedishNationalId(order.person.personnumber, dateParts(today));
  if (!person.ok || person.kind !== 'personnummer')
    refuse(
      'invalid_personnummer',
      `personnumber ${order.person.personnumber}: ${person.ok ? 'an organisationsnummer, not a personnummer' : person.reason}`,
    );
  let employer: { number: string; name: string; normalized: string } | null = null;
  if (order.organization) {
    const parsed = parseSwedishNationalId(order.organization.number, dateParts(today));
    if (!parsed.ok)
      refuse(
        'invalid_organization_number',
        `organization number ${order.organization.number}: ${parsed.reason}`,
      );
    employer = { ...order.organization, normalized: parsed.ok ? parsed.normalized : '' };
  }

  // Every product is checked before anything is written.
  const rates = await taxCategoryRates(tx, organizationId);
  const parties = {
    sellerCountry: organization.country,
    buyerCountry: order.person.country ?? 'SE',
    buyerIsBusiness: false,
    buyerVatNumber: null,
  };
  const items: { terms: PlanTermsRow; startDay: string; exVat: number; vat: number; rate: Decimal }[] = [];
  for (const [index, item] of order.items.entries()) {
    const row = await findCatalogRow(tx, 'plan_terms', organizationId, item.productNumber);
    if (!row || !settings!.plan_terms_ids.includes(row.id))
      refuse(
        'unknown_product',
        `orderitem ${index + 1}: no product ${item.productNumber} for ${order.origin}`,
      );
    const terms = (await planTermsByIds(tx, organizationId, [row!.id])).get(row!.id)!;
    if (terms.archived_at !== null)
      refuse(
        'product_not_sellable',
        `orderitem ${index + 1}: product ${item.productNumber} is no longer sold`,
      );
    if (terms.business_unit_ids && !terms.business_unit_ids.includes(unit!.id))
      refuse(
        'business_unit_not_allowed',
        `orderitem ${index + 1}: product ${item.productNumber} is not sold at business unit ${order.businessUnitId}`,
      );
    if (item.startDay < today || item.startDay > addToIso(today, 'year', 1))
      refuse(
        'product_not_sellable',
        `orderitem ${index + 1}: startday ${item.startDay} must be between ${today} and a year ahead`,
      );
    if (terms.currency !== organization.currency)
      refuse(
        'product_not_sellable',
        `orderitem ${index + 1}: product ${item.productNumber} is priced in ${terms.currency}`,
      );
    const rate = vatRate(parties, terms.tax_category_id ? (rates.get(terms.tax_category_id) ?? null) : null);
    const line = priceLine({
      description: '',
      kind: 'charge',
      billing: 'one_off',
      quantity: new Decimal(1),
      unitPrice: new Decimal(terms.price),
      vatRate: rate,
      currency: terms.currency,
    });
    const vat = vatOnMinor(line.amount, rate);
    if (line.amount + vat !== item.priceIncVat)
      refuse(
        'price_mismatch',
        `orderitem ${index + 1}: product ${item.productNumber} costs ${line.amount + vat} öre including VAT, not ${item.priceIncVat}`,
      );
    items.push({ terms, startDay: item.startDay, exVat: line.amount, vat, rate });
  }

  const p = order.person;
  const account = await findOrCreateAccount(
    tx,
    ctx,
    person.ok ? person.normalized : '',
    'person',
    {
      name: `${p.firstname} ${p.lastname}`,
      email: p.email,
      address: p.street,
      zipcode: p.postal,
      city: p.city,
      country: p.country,
      phone: p.workphone ?? p.homephone,
    },
    today,
  );
  const employerAccount = employer
    ? await findOrCreateAccount(
        tx,
        ctx,
        employer.normalized,
        'company',
        {
          name: employer.name,
          email: null,
          address: null,
          zipcode: null,
          city: null,
          country: 'SE',
          phone: null,
        },
        today,
      )
    : null;

  const partnerOrderId = newId();
  const now = ctx.clock.now();
  const subscriptionIds: string[] = [];
  for (const [index, item] of items.entries()) {
    if (item.terms.punch_card_entries !== null) {
      await writeCharges(
        tx,
        organizationId,
        [
          {
            accountId: account.id,
            currency: item.terms.currency,
            subscriptionId: null,
            chargeKey: `p:${partnerOrderId}:${index + 1}`,
            source: 'order',
            description: `${item.terms.name ?? item.terms.code ?? 'Punch card'}: ${item.terms.punch_card_entries} entries`,
            periodStart: item.startDay,
            periodEnd: null,
            quantity: new Decimal(1),
            unitPrice: new Decimal(item.terms.price),
            discount: 0,
            amount: item.exVat,
            vatRate: item.rate,
            late: false,
          },
        ],
        now,
      );
    } else {
      const subscription = await insertSubscription(tx, ctx, {
        accountId: account.id,
        terms: item.terms,
        quantity: 1,
        collectionMethod: 'invoice',
        startDate: item.startDay,
      });
      subscriptionIds.push(subscription.uuid);
      // Its first period goes on this invoice, through the billing run's own code and charge keys, so
      // a later run never bills it again.
      const billingDate = [item.startDay, today].sort().at(-1)!;
      await billBatch(tx, organization, [subscription.uuid], billingDate, now);
    }
  }
  const draft = await partnerDraft(
    tx,
    organizationId,
    account.id,
    organization.currency,
    partnerOrderId,
    subscriptionIds,
    now,
  );
  if (!draft) refuse('internal_error', 'the order made no invoice lines');
  const invoice = await issueInvoice(tx, ctx, draft!, {
    delivery: 'partner',
    paymentTermsDays: settings!.payment_terms_days,
    // The partner pays by OCR number (<ocrnumber>), whatever the organization's own scheme.
    referenceScheme: 'se_ocr',
  });
  if (!invoice.ok) refuse('internal_error', invoice.failure.detail);
  const number = await takeNextNumber(tx, organizationId, 'partner_order', '{SEQ}', today);
  await tx
    .insertInto('partner_orders')
    .values({
      organization_id: organizationId,
      id: partnerOrderId,
      number,
      origin: order.origin,
      account_id: account.id,
      employer_account_id: employerAccount?.id ?? null,
      business_unit_id: unit!.id,
      invoice_id: invoice.ok ? invoice.value.id : '',
      plan_terms_ids: items.map((i) => i.terms.id),
      subscription_ids: subscriptionIds,
      request_xml: requestXml,
      created_at: now,
    })
    .execute();
  const view = await findPartnerOrder(tx, organizationId, number);
  await recordChange(tx, ctx, {
    action: 'partner_order.created',
    entityType: 'partner_order',
    entityId: partnerOrderId,
    before: null,
    after: view,
  });
  return {
    partnerOrderId,
    invoiceId: invoice.ok ? invoice.value.id : '',
    confirmationEmail: settings!.confirmation_email && p.email !== null,
  };
}
