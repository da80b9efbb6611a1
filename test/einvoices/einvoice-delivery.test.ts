import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../src/context.ts';
import { exportEInvoices } from '../../src/einvoices/export-einvoices.ts';
import { billOn } from '../support/billing.ts';
import { startMailCatcher } from '../support/mail-catcher.ts';
import { createTestApp, type TestApp, type TestOrganization } from '../support/test-app.ts';
import { type api, germanSeller } from './conformance-cases.ts';

let t: TestApp;
let de: TestOrganization;
let call: ReturnType<typeof api>;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
const invoices: Record<string, { uuid: string; number: string }> = {};

beforeAll(async () => {
  mail = await startMailCatcher();
  t = await createTestApp({
    now: '2025-01-01T08:00:00Z',
    integrations: {
      mailer: mail.mailer,
      mailFrom: 'billing@kassa.test',
      gateways: {},
      publicUrl: 'https://kassa.test',
    },
  });
  ({ org: de, call } = await germanSeller(t, '100'));
  for (const [code, format] of [
    ['ZUG', 'zugferd'],
    ['XR', 'xrechnung-cii'],
    ['PLAIN', null],
  ] as const) {
    await call(
      'POST',
      '/api/v1/accounts/',
      {
        code,
        name: `Kunde ${code} GmbH`,
        email: `${code.toLowerCase()}@example.com`,
        legal_address: 'Karl-Marx-Allee 31',
        legal_zipcode: '10178',
        legal_city: 'Berlin',
        legal_country: 'DE',
        buyer_reference: `REF-${code}`,
        ...(format ? { einvoice_format: format } : {}),
      },
      201,
    );
    await call(
      'POST',
      '/api/v1/subscriptions/',
      { account: code, terms: 'M', start_date: '2025-01-01' },
      201,
    );
  }
  await billOn(t, '2025-01-01', de);
  for (const code of ['ZUG', 'XR', 'PLAIN']) {
    const drafts = (await call('GET', `/api/v1/invoice-drafts/?account=${code}`, undefined, 200)).json();
    invoices[code] = (
      await call('POST', `/api/v1/invoice-drafts/${drafts.results[0].uuid}/send/`, undefined, 201)
    ).json();
  }
}, 120_000);
afterAll(async () => {
  await t.close();
  await mail.close();
});

const mailTo = (code: string) =>
  mail.received.find(
    (m) =>
      m.subject?.includes(invoices[code]!.number) &&
      m.to &&
      'text' in m.to &&
      m.to.text === `${code.toLowerCase()}@example.com`,
  );

describe("the account's e-invoice format in delivery", () => {
  it("exports a month's documents to a folder, each in its account's format or in one asked for", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kassa-export-'));
    try {
      const ctx = { ...t.services, actor: commandLineActor(de) };
      const report = await exportEInvoices(ctx, '2025-01', folder, null);
      // PLAIN has no electronic address, which Peppol BIS (the default) needs: reported, not written.
      expect(report.ok && report.value.refused).toEqual([
        { number: invoices.PLAIN!.number, detail: expect.stringContaining("buyer's electronic address") },
      ]);
      expect(readdirSync(folder).sort()).toEqual(
        [
          `invoice-${invoices.ZUG!.number}.zugferd.pdf`,
          `invoice-${invoices.XR!.number}.xrechnung-cii.xml`,
        ].sort(),
      );
      const ubl = await exportEInvoices(ctx, '2025-01', join(folder, 'ubl'), 'xrechnung-ubl');
      expect(ubl.ok && ubl.value.written.length).toBe(3);
      const before = await exportEInvoices(ctx, '2024-12', join(folder, 'none'), null);
      expect(before.ok && before.value.written).toEqual([]);
      expect((await exportEInvoices(ctx, '2025-13', folder, null)).ok).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('e-mails a ZUGFeRD account the ZUGFeRD PDF instead of the plain one', () => {
    const attachments = mailTo('ZUG')!.attachments;
    expect(attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`invoice-${invoices.ZUG!.number}.zugferd.pdf`, 'application/pdf'],
    ]);
    expect(attachments[0]!.content.toString('latin1')).toContain('/AFRelationship /Alternative');
  });

  it('e-mails an XRechnung account the PDF and the XML', () => {
    const attachments = mailTo('XR')!.attachments;
    expect(attachments.map((a) => a.filename)).toEqual([
      `invoice-${invoices.XR!.number}.pdf`,
      `invoice-${invoices.XR!.number}.xrechnung-cii.xml`,
    ]);
    expect(attachments[1]!.content.toString()).toContain('<ram:BuyerReference>REF-XR</ram:BuyerReference>');
    expect(mailTo('PLAIN')!.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
  });

  it('offers the e-invoice through the download link, and only a valid format', async () => {
    const link = (
      await call('POST', `/api/v1/invoices/${invoices.XR!.uuid}/download-link/`, undefined, 201)
    ).json();
    expect(link.einvoice_url).toBe(`${link.url}?format=xrechnung-cii`);
    const path = (url: string) => url.replace('https://kassa.test', '');
    const xml = await t.app.inject({ url: path(link.einvoice_url) });
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(xml.body).toContain('<rsm:CrossIndustryInvoice ');
    const pdf = await t.app.inject({ url: path(link.url) });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bad = await t.app.inject({ url: `${path(link.url)}?format=edifact` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.format');
    const forged = await t.app.inject({ url: `${path(link.url)}x?format=peppol-bis` });
    expect(forged.statusCode).toBe(404);
    const plain = (
      await call('POST', `/api/v1/invoices/${invoices.PLAIN!.uuid}/download-link/`, undefined, 201)
    ).json();
    expect(plain.einvoice_url).toBeNull();
  });
});
