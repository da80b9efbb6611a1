import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingLeftToBill } from '../support/billing.ts';
import {
  type Profile,
  rulesUnavailable,
  runValidateScript,
  validateBatch,
} from '../support/einvoice-rules.ts';
import { pdfPages } from '../support/pdf-text.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { api, type IssuedDocument, issueConformanceCases } from './conformance-cases.ts';

let t: TestApp;
let documents: IssuedDocument[];
const generated = new Map<string, { xml: string; profile: Profile; doc: IssuedDocument }>();
const zugferd = new Map<string, Buffer>();

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-10T08:00:00Z' });
  documents = await issueConformanceCases(t);
  for (const doc of documents) {
    const path = doc.kind === 'invoice' ? 'invoices' : 'credit-notes';
    for (const format of doc.formats) {
      const url = `/api/v1/${path}/${doc.uuid}/einvoice/?format=${format}`;
      const res = await api(t, doc.org)('GET', url, undefined, 200);
      const profile: Profile = format.startsWith('xrechnung') ? 'xrechnung' : 'peppol';
      generated.set(`${doc.name}.${format}`, { xml: res.body, profile, doc });
    }
    // Every case also as ZUGFeRD: the XML that poppler's pdfdetach takes out of the PDF is validated.
    const res = await api(t, doc.org)(
      'GET',
      `/api/v1/${path}/${doc.uuid}/einvoice/?format=zugferd`,
      undefined,
      200,
    );
    zugferd.set(doc.name, res.rawPayload);
    generated.set(`${doc.name}.zugferd`, { xml: detach(res.rawPayload), profile: 'cen', doc });
  }
}, 180_000);

/** The embedded files poppler's pdfdetach lists, and the first one's content. */
function detach(pdf: Buffer, list = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-zugferd-'));
  try {
    writeFileSync(join(dir, 'invoice.pdf'), pdf);
    if (list) return execFileSync('pdfdetach', ['-list', join(dir, 'invoice.pdf')], { encoding: 'utf8' });
    execFileSync('pdfdetach', ['-save', '1', '-o', join(dir, 'embedded.xml'), join(dir, 'invoice.pdf')]);
    return readFileSync(join(dir, 'embedded.xml'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
afterAll(async () => t.close());

/**
 * The documents are the same on either database: the JVMs run in the embedded project only, so a run
 * of both projects (CI) validates once.
 */
const onceOnly = (project: string | undefined) =>
  project === 'postgres' ? 'validated in the embedded project (same documents): not run again here' : null;

const tag = (xml: string, name: string) =>
  new RegExp(`<(?:cbc|ram):${name}[^>]*>([^<]*)</(?:cbc|ram):${name}>`).exec(xml)?.[1];

describe('e-invoice conformance (official CEN, Peppol BIS and XRechnung rules)', () => {
  it('writes every case with the amounts of its PDF, to the minor unit', async () => {
    expect(generated.size).toBe(documents.reduce((n, d) => n + d.formats.length + 1, 0));
    for (const { xml, doc } of generated.values()) {
      const cii = xml.includes('<rsm:CrossIndustryInvoice');
      expect(tag(xml, cii ? 'TaxBasisTotalAmount' : 'TaxExclusiveAmount')).toBe(doc.view.total_ex_vat);
      expect(tag(xml, cii ? 'GrandTotalAmount' : 'TaxInclusiveAmount')).toBe(doc.view.total);
      expect(tag(xml, cii ? 'TaxTotalAmount' : 'TaxAmount')).toBe(doc.view.total_vat);
      const number = cii ? /<rsm:ExchangedDocument><ram:ID>([^<]*)/.exec(xml)?.[1] : tag(xml, 'ID');
      expect(number).toBe(doc.view.number);
    }
    for (const [name, { xml }] of generated)
      if (name.includes('reverse-charge')) expect(xml, name).toContain('VATEX-EU-AE');
    expect(generated.get('zero-rated-export.peppol-bis')!.xml).toContain('VATEX-EU-G');
    // Goods to a Danish business: K, delivered to Denmark; lessons of a language school: E with its reason.
    for (const format of ['peppol-bis', 'xrechnung-ubl', 'xrechnung-cii', 'zugferd']) {
      const supply = generated.get(`de-dk-intra-community.${format}`)!.xml;
      expect(supply, format).toContain('VATEX-EU-IC');
      expect(supply, format).not.toContain('VATEX-EU-AE');
      expect(supply, format).toMatch(/<(cbc:IdentificationCode|ram:CountryID)>DK</);
      const exempt = generated.get(`de-exempt-education.${format}`)!.xml;
      expect(exempt, format).toContain('VATEX-EU-132-1I');
      expect(exempt, format).toContain('Steuerfreie Unterrichtsleistung nach § 4 Nr. 21 UStG');
      expect(exempt, format).toMatch(/<(cbc:ID|ram:CategoryCode)>S</);
    }
    await expectNothingLeftToBill(t, '2025-01-10');
  });

  it('embeds the CII in the ZUGFeRD PDF/A-3 as factur-x.xml, Alternative, named in the XMP', async () => {
    for (const [name, pdf] of zugferd) {
      expect(detach(pdf, true)).toBe('1 embedded files\n1: factur-x.xml\n');
      const raw = pdf.toString('latin1');
      expect(raw).toContain('/AFRelationship /Alternative');
      expect(raw).toContain('/Subtype /text#2Fxml');
      expect(raw).toContain('<pdfaid:part>3</pdfaid:part>');
      expect(raw).toContain('<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>');
      expect(raw).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
      expect(raw).toContain('/OutputIntents');
      expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
      const { xml, doc } = generated.get(`${name}.zugferd`)!;
      expect(xml).toContain('<ram:ID>urn:cen.eu:en16931:2017</ram:ID>');
      // The page shows what the XML says is to pay.
      const payable = /<ram:DuePayableAmount>([^<]*)</.exec(xml)![1]!;
      expect(tag(xml, 'GrandTotalAmount')).toBe(doc.view.total);
      const text = (await pdfPages(pdf)).join(' ').replace(/\s+/g, ' ');
      const [whole, cents] = payable.split('.');
      expect(text, name).toMatch(
        new RegExp(`${Number(whole).toLocaleString('en').replace(/,/g, '[.\\s ]?')}[,.]${cents}`),
      );
    }
  });

  it('passes the official rules with zero fatal findings', async ({ task }) => {
    const unavailable = rulesUnavailable() ?? onceOnly(task.file.projectName);
    if (unavailable) {
      console.warn(unavailable);
      return;
    }
    // One document with a wrong total goes along, so the batch is seen to report what it must.
    const { xml: sample } = generated.get('dk-domestic-25.peppol-bis')!;
    const tampered = sample.replace(/(<cbc:PayableAmount[^>]*>)([^<]*)</, (_, open) => `${open}0.01<`);
    const findings = await validateBatch([
      ...[...generated].map(([name, { xml, profile }]) => ({ name, xml, profile })),
      { name: 'tampered', xml: tampered, profile: 'peppol' as const },
    ]);
    expect(findings.get('tampered')!.map((f) => `${f.flag} ${f.id}`)).toContain('fatal BR-CO-16');
    findings.delete('tampered');
    const fatal = [...findings].flatMap(([name, list]) =>
      list.filter((f) => f.flag === 'fatal').map((f) => `${name}: ${f.id} ${f.text}`),
    );
    expect(fatal).toEqual([]);
    expect(findings.size).toBe(generated.size);
  }, 600_000);

  it('is reported by the official validate script when a total is wrong', async ({ task }) => {
    const unavailable = rulesUnavailable() ?? onceOnly(task.file.projectName);
    if (unavailable) {
      console.warn(unavailable);
      return;
    }
    const { xml } = generated.get('dk-domestic-25.peppol-bis')!;
    const wrong = xml.replace(/(<cbc:TaxInclusiveAmount[^>]*>)([^<]*)</, (_, open) => `${open}1.00<`);
    expect(wrong).not.toBe(xml);
    const result = await runValidateScript(wrong, 'peppol');
    expect(result.exitCode, result.output).toBe(1);
    expect(result.output).toMatch(/fatal BR-CO-15/);
  }, 600_000);
});
