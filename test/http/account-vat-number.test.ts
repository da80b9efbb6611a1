import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/** A VAT number is checked by its country's check digits wherever it is written; a refusal changes nothing. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

function call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: authHeaders(t.org.tokens.full), payload });
}

const account = { name: 'Bageriet Ærø ApS', email: 'ap@baageriet.example', legal_country: 'DK' };

describe('an account VAT number', () => {
  it('is refused with 400 naming the field when its check digits are wrong, and no account is made', async () => {
    const res = await call('POST', '/api/v1/accounts/', {
      ...account,
      code: 'VAT-1',
      vat_number: 'DK12345678',
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toEqual([
      {
        field: 'vat_number',
        code: 'check_digit',
        message: 'vat_number: DK12345678 is not a valid Danish VAT number (check digits)',
      },
    ]);
    expect((await call('GET', '/api/v1/accounts/VAT-1/')).statusCode).toBe(404);
  });

  it('is stored normalized when valid, and a wrong one in a PATCH leaves the account as it was', async () => {
    const made = await call('POST', '/api/v1/accounts/', {
      ...account,
      code: 'VAT-2',
      vat_number: 'dk 13 58 56 28',
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().vat_number).toBe('DK13585628');
    const patched = await call('PATCH', '/api/v1/accounts/VAT-2/', { vat_number: 'SE556036079401' });
    expect(patched.statusCode).toBe(400);
    expect(patched.body).toContain('SE556036079401 is not a valid Swedish VAT number (check digits)');
    expect((await call('GET', '/api/v1/accounts/VAT-2/')).json().vat_number).toBe('DK13585628');
  });

  it('refuses a number in the wrong format for its country, and keeps the shape check elsewhere', async () => {
    const greek = await call('POST', '/api/v1/accounts/', {
      ...account,
      code: 'VAT-3',
      vat_number: 'GR123456783',
    });
    expect(greek.statusCode).toBe(400);
    expect(greek.json().errors[0]).toMatchObject({ field: 'vat_number', code: 'format' });
    const northernIrish = await call('POST', '/api/v1/accounts/', {
      ...account,
      code: 'VAT-4',
      vat_number: 'XI 123 4567 89',
    });
    expect(northernIrish.statusCode, northernIrish.body).toBe(201);
    expect(northernIrish.json().vat_number).toBe('XI123456789');
  });
});

describe("the organization's own VAT number", () => {
  it('is checked by the same rule and stored normalized', async () => {
    const before = (await call('GET', '/api/v1/organization/')).json().vat_number;
    const wrong = await call('PATCH', '/api/v1/organization/', { vat_number: 'DE123456789' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('DE123456789 is not a valid German VAT number (check digits)');
    expect((await call('GET', '/api/v1/organization/')).json().vat_number).toBe(before);
    const right = await call('PATCH', '/api/v1/organization/', { vat_number: 'de 136 695 976' });
    expect(right.statusCode, right.body).toBe(200);
    expect(right.json().vat_number).toBe('DE136695976');
  });
});
