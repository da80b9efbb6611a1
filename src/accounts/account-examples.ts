/** Examples of account requests for the OpenAPI document (the answer's example is on the Account schema). */

export const accountCreateExample = {
  code: 'CUST-4711',
  name: 'Bageriet Ærø ApS',
  email: 'regnskab@bageriet.dk',
  type: 'company',
  legal_address: 'Vestergade 12',
  legal_zipcode: '5970',
  legal_city: 'Ærøskøbing',
  legal_country: 'DK',
  vat_number: 'DK13585628',
  language: 'da',
  phone: '+45 62 52 10 00',
  payment_terms_days: 14,
};

/** Seed 003's minimum: the code comes from the customer series, the name from the e-mail. */
export const accountFromEmailExample = { email: 'erika.mustermann@web.de', language: 'de' };

export const accountReplaceExample = {
  code: 'CUST-4712',
  name: 'Sundqvist Bygg AB',
  email: 'ekonomi@sundqvistbygg.se',
  legal_country: 'SE',
  national_id: '556677-8899',
  vat_number: 'SE556677889901',
};

export const accountPatchExample = { invoice_email: 'faktura@bageriet.dk', payment_terms_days: 30 };
