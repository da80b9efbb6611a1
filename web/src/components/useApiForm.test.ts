import { describe, expect, it } from 'vitest';
import { fieldsOf } from './useApiForm.ts';

describe('fieldsOf: the API’s field errors on a form’s fields', () => {
  it('puts a body field, a nested one and a path parameter on their fields, without the field’s name', () => {
    expect(
      fieldsOf(
        {
          email: 'email: not an e-mail',
          'tiers.0.discount': 'tiers.0.discount: above 100',
          'path.currency': 'path.currency: a currency code',
          'body.rate': 'rate: a decimal above zero',
        },
        ['email', 'tiers', 'currency', 'rate'],
      ),
    ).toEqual({
      email: 'not an e-mail',
      tiers: 'above 100',
      currency: 'a currency code',
      rate: 'a decimal above zero',
    });
  });

  it('leaves out what names no field of the form', () => {
    expect(fieldsOf({ 'query.cursor': 'cursor: not ours', 'path.id': 'x' }, ['currency'])).toEqual({});
  });
});
