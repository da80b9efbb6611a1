import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answer } from '../../test/answer.ts';
import { renderInApp } from '../../test/render.tsx';
import { AccountForm, accountBody, accountValues } from './AccountFormPage.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const problem = {
  type: '/problems/validation_failed',
  title: 'Some fields are not valid',
  status: 400,
  code: 'validation_failed',
  detail: 'vat_number: not a valid Danish VAT number',
  instance: '/api/v1/accounts/',
  requestId: 'r1',
  errors: [{ field: 'vat_number', code: 'invalid', message: 'vat_number: not a valid Danish VAT number' }],
};

describe('AccountForm', () => {
  it("shows the API's message on the field it names, and stays on the form", async () => {
    const requests = answer(400, problem);
    const saved = vi.fn();
    renderInApp(<AccountForm onSaved={saved} onCancel={() => {}} />);
    const user = userEvent.setup({ delay: null });
    await user.type(await screen.findByLabelText(/^Code\s*\*?$/), 'NORD-1');
    await user.type(screen.getByLabelText(/^Name\s*\*?$/), 'Nordlys ApS');
    await user.type(screen.getByLabelText(/^E-mail\s*\*?$/), 'faktura@nordlys.dk');
    await user.type(screen.getByLabelText('VAT number'), 'DK123');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const vat = screen.getByLabelText('VAT number');
    await waitFor(() => expect(vat.getAttribute('aria-invalid')).toBe('true'));
    const described = vat.getAttribute('aria-describedby') ?? '';
    const message = described
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent)
      .join(' ');
    expect(message).toContain('not a valid Danish VAT number');
    expect(screen.getByLabelText(/^Name\s*\*?$/).getAttribute('aria-invalid')).not.toBe('true');
    expect(saved).not.toHaveBeenCalled();

    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('POST');
    expect(new URL(requests[0]?.url ?? '').pathname).toBe('/api/v1/accounts');
    expect(await requests[0]?.json()).toMatchObject({
      code: 'NORD-1',
      vat_number: 'DK123',
      legal_address: null,
    });
  });

  it('shows a refusal that names no field above the form', async () => {
    answer(409, {
      ...problem,
      status: 409,
      code: 'code_taken',
      detail: 'code NORD-1 is taken',
      errors: undefined,
    });
    renderInApp(<AccountForm onSaved={() => {}} onCancel={() => {}} />);
    const user = userEvent.setup({ delay: null });
    await user.type(await screen.findByLabelText(/^Code\s*\*?$/), 'NORD-1');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toContain('code NORD-1 is taken');
  });

  it('hands the saved account on', async () => {
    const account = { uuid: 'a1', code: 'NORD-1', name: 'Nordlys ApS' };
    answer(201, account);
    const saved = vi.fn();
    renderInApp(<AccountForm onSaved={saved} onCancel={() => {}} />);
    const user = userEvent.setup({ delay: null });
    await user.type(await screen.findByLabelText(/^Code\s*\*?$/), 'NORD-1');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved).toHaveBeenCalledWith(account));
  });

  it('is in Danish for a Danish reader', async () => {
    renderInApp(<AccountForm onSaved={() => {}} onCancel={() => {}} />, 'da');
    expect(await screen.findByLabelText('Momsnummer')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Gem' })).toBeTruthy();
  });
});

describe('accountBody', () => {
  it('sends cleared optional fields as null and leaves out a country or currency not chosen', () => {
    const body = accountBody({ ...accountValues(), code: ' A-1 ', name: 'A', email: 'a@b.dk', phone: '  ' });
    expect(body.code).toBe('A-1');
    expect(body.phone).toBeNull();
    expect(body.payment_terms_days).toBeNull();
    expect(body.send_drafts).toBeNull();
    expect('legal_country' in body).toBe(false);
    expect('currency' in body).toBe(false);
    expect(accountBody({ ...accountValues(), legal_country: 'SE', payment_terms_days: 30 })).toMatchObject({
      legal_country: 'SE',
      payment_terms_days: 30,
    });
  });
});
