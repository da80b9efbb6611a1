import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Services } from '../context.ts';
import type { Db } from '../db/transaction.ts';
import { accountEInvoiceFormat, type EInvoiceFile, einvoiceFile } from '../einvoices/einvoice-file.ts';
import type { EInvoiceFormat } from '../einvoices/einvoice-formats.ts';
import { fail, ok, type Result } from '../errors.ts';
import { integrationsOf } from '../integrations.ts';
import { invoicePdf, pdfFileName } from './deliver-invoice.ts';
import type { InvoiceRow } from './invoice-view.ts';

export const DOWNLOAD_LINK_MINUTES = 15;

async function signingKey(db: Db, organizationId: string, now: Date): Promise<string> {
  const existing = await db
    .selectFrom('signing_keys')
    .select('secret')
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (existing) return existing.secret;
  await db
    .insertInto('signing_keys')
    .values({
      organization_id: organizationId,
      secret: randomBytes(32).toString('base64url'),
      created_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return signingKey(db, organizationId, now);
}

const sign = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(payload).digest('base64url');

/**
 * A link that serves a document's PDF without a token for 15 minutes, then answers 410: the payload
 * (organization, document, expiry) is signed with the organization's own key.
 */
export async function createDownloadLink(
  services: Services,
  organizationId: string,
  invoiceId: string,
): Promise<{ url: string; expires_at: string; einvoice_url: string | null }> {
  const now = services.clock.now();
  const expires = Math.floor(now.getTime() / 1000) + DOWNLOAD_LINK_MINUTES * 60;
  const payload = `${organizationId}.${invoiceId}.${expires}`;
  const token = `${Buffer.from(payload).toString('base64url')}.${sign(await signingKey(services.db, organizationId, now), payload)}`;
  const url = `${integrationsOf(services).publicUrl}/api/files/invoices/${token}`;
  const invoice = await services.db
    .selectFrom('invoices')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  const format = await accountEInvoiceFormat(services.db, invoice);
  return {
    url,
    expires_at: new Date(expires * 1000).toISOString(),
    einvoice_url: format ? `${url}?format=${format}` : null,
  };
}

/** The PDF a download link names, or why not: a bad signature is not found; an old link is gone (410). */
export async function openDownloadLink(
  services: Services,
  token: string,
): Promise<Result<{ pdf: Buffer; fileName: string }>> {
  const invoice = await linkedDocument(services, token);
  if (!invoice.ok) return invoice;
  return ok({
    pdf: await invoicePdf(services.db, invoice.value, services.clock.now()),
    fileName: pdfFileName(invoice.value),
  });
}

/** The e-invoice a download link's document gives in a format (the link's `?format=`). */
export async function openEInvoiceLink(
  services: Services,
  token: string,
  format: EInvoiceFormat,
): Promise<Result<EInvoiceFile>> {
  const invoice = await linkedDocument(services, token);
  if (!invoice.ok) return invoice;
  return einvoiceFile(services.db, invoice.value, format);
}

async function linkedDocument(services: Services, token: string): Promise<Result<InvoiceRow>> {
  const [encoded, signature] = token.split('.');
  const payload = encoded ? Buffer.from(encoded, 'base64url').toString() : '';
  const [organizationId, invoiceId, expires] = payload.split('.');
  const notFound = fail<InvoiceRow>('not_found', 'no such download link');
  if (!organizationId || !invoiceId || !expires || !signature || !/^[0-9a-f-]{36}$/.test(organizationId))
    return notFound;
  const key = await services.db
    .selectFrom('signing_keys')
    .select('secret')
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!key) return notFound;
  const expected = Buffer.from(sign(key.secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return notFound;
  if (Number(expires) * 1000 <= services.clock.now().getTime())
    return fail('link_expired', 'this download link has expired; ask for a new one');
  const invoice = await services.db
    .selectFrom('invoices')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  return invoice ? ok(invoice) : notFound;
}
