import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingLeftToBill } from '../support/billing.ts';
import {
  type Profile,
  rulesUnavailable,
  runValidateScript,
  validateBatch,
} from '../support/einvoice-rules.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { api, type IssuedDocument, issueConformanceCases } from './conformance-cases.ts';

let t: TestApp;
let documents: IssuedDocument[];
const generated = new Map<string, { xml: string; profile: Profile; doc: IssuedDocument }>();

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
  }
}, 120_000);
afterAll(async () => t.close());

const tag = (xml: string, name: string) =>
  new RegExp(`<(?:cbc|ram):${name}[^>]*>([^<]*)</(?:cbc|ram):${name}>`).exec(xml)?.[1];

describe('e-invoice conformance (official CEN, Peppol BIS and XRechnung rules)', () => {
  it('writes every case with the amounts of its PDF, to the minor unit', async () => {
    expect(generated.size).toBe(documents.reduce((n, d) => n + d.formats.length, 0));
    for (const { xml, doc } of generated.values()) {
      const cii = xml.includes('<rsm:CrossIndustryInvoice');
      expect(tag(xml, cii ? 'TaxBasisTotalAmount' : 'TaxExclusiveAmount')).toBe(doc.view.total_ex_vat);
      expect(tag(xml, cii ? 'GrandTotalAmount' : 'TaxInclusiveAmount')).toBe(doc.view.total);
      expect(tag(xml, cii ? 'TaxTotalAmount' : 'TaxAmount')).toBe(doc.view.total_vat);
      const number = cii ? /<rsm:ExchangedDocument><ram:ID>([^<]*)/.exec(xml)?.[1] : tag(xml, 'ID');
      expect(number).toBe(doc.view.number);
    }
    await expectNothingLeftToBill(t, '2025-01-10');
  });

  it('passes the official rules with zero fatal findings', async () => {
    const unavailable = rulesUnavailable();
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

  it('is reported by the official validate script when a total is wrong', async () => {
    const unavailable = rulesUnavailable();
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
