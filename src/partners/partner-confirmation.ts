import { Temporal } from '@js-temporal/polyfill';
import type { Services } from '../context.ts';
import type { Db } from '../db/transaction.ts';
import { integrationsOf } from '../integrations.ts';
import { invoiceBalance, type VatSummary } from '../invoices/invoice-view.ts';
import { type Confirmation, confirmationXml } from './partner-xml-answers.ts';

async function load(db: Db, organizationId: string, partnerOrderId: string) {
  const order = await db
    .selectFrom('partner_orders')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', partnerOrderId)
    .executeTakeFirstOrThrow();
  const [invoice, account, employer, unit, terms, org, settings] = await Promise.all([
    db
      .selectFrom('invoices')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', order.invoice_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('accounts')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', order.account_id)
      .executeTakeFirstOrThrow(),
    order.employer_account_id
      ? db
          .selectFrom('accounts')
          .selectAll()
          .where('organization_id', '=', organizationId)
          .where('id', '=', order.employer_account_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
    db
      .selectFrom('business_units')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', order.business_unit_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('plan_terms')
      .innerJoin('plans', (join) =>
        join
          .onRef('plans.organization_id', '=', 'plan_terms.organization_id')
          .onRef('plans.id', '=', 'plan_terms.plan_id'),
      )
      .select([
        'plan_terms.id',
        'plan_terms.code',
        'plan_terms.name',
        'plan_terms.punch_card_entries',
        'plans.name as plan_name',
      ])
      .where('plan_terms.organization_id', '=', organizationId)
      .where('plan_terms.id', 'in', order.plan_terms_ids)
      .execute(),
    db
      .selectFrom('organizations')
      .select(['timezone'])
      .where('id', '=', organizationId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('partner_settings')
      .select(['mark'])
      .where('organization_id', '=', organizationId)
      .where('origin', '=', order.origin)
      .executeTakeFirst(),
  ]);
  return { order, invoice, account, employer, unit, terms, org, settings };
}

/** A Swedish national id as partners write it: YYMMDD-NNNN. */
const shortNationalId = (id: string | null) => (id && id.length === 13 ? id.slice(2) : (id ?? ''));

/** The `<confirmation>` of a partner order (seed 001), in öre, from what was written. */
export async function partnerConfirmation(
  db: Db,
  organizationId: string,
  partnerOrderId: string,
): Promise<string> {
  const { order, invoice, account, employer, unit, terms, org, settings } = await load(
    db,
    organizationId,
    partnerOrderId,
  );
  const created = Temporal.Instant.fromEpochMilliseconds(new Date(order.created_at).getTime())
    .toZonedDateTimeISO(org.timezone)
    .toPlainDateTime()
    .toString({ smallestUnit: 'minute' })
    .replace('T', ' ');
  const [firstname, ...rest] = account.name.split(' ');
  const confirmation: Confirmation = {
    order: {
      number: order.number,
      created,
      orderedBy: {
        personnumber: shortNationalId(account.national_id),
        number: account.code,
        firstname: firstname ?? '',
        lastname: rest.join(' '),
        street: account.legal_address,
        postal: account.legal_zipcode,
        city: account.legal_city,
        country: account.legal_country,
      },
      businessUnit: { name: unit.name },
      organization: employer ? { number: shortNationalId(employer.national_id), name: employer.name } : null,
      products: order.plan_terms_ids.map((id) => {
        const t = terms.find((row) => row.id === id)!;
        return {
          number: t.code ?? t.id,
          type: t.punch_card_entries !== null ? 'Klippkort' : 'Abonnemang',
          name: t.name ?? t.plan_name,
        };
      }),
      sumExVat: Number(invoice.net_amount),
      vatSums: (invoice.vat_summary as VatSummary).map((g) => ({ rate: g.rate, amount: g.amount })),
      sum: Number(invoice.total_amount),
      leftToPay: 0,
      mark: settings?.mark ?? order.origin,
    },
    invoice: {
      number: invoice.number,
      ocrNumber: invoice.payment_reference ?? '',
      totalAmount: Number(invoice.total_amount),
      rest: invoiceBalance(invoice),
      invoiceDate: invoice.issue_date,
      dueDate: invoice.due_date ?? invoice.issue_date,
    },
  };
  return confirmationXml(confirmation);
}

/** The optional order confirmation to the person (in Swedish: the partner protocol is Swedish). */
export async function sendOrderConfirmationEmail(
  services: Services,
  organizationId: string,
  partnerOrderId: string,
) {
  const { order, invoice, account, unit, terms } = await load(services.db, organizationId, partnerOrderId);
  if (!account.email) return;
  const { mailer, mailFrom } = integrationsOf(services);
  const products = order.plan_terms_ids.map((id) => {
    const t = terms.find((row) => row.id === id)!;
    return `- ${t.name ?? t.plan_name}`;
  });
  await mailer.send({
    from: mailFrom,
    to: account.email,
    subject: `Orderbekräftelse ${order.number}`,
    text: `Hej ${account.name},\n\nTack för din beställning ${order.number} på ${unit.name}:\n${products.join('\n')}\n\nBeställningen betalas av din förmånsleverantör (faktura ${invoice.number}).\nDu hämtar ut ditt medlemskort på anläggningen.\n`,
  });
}
