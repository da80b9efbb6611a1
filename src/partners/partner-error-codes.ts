/**
 * The numeric codes a partner webservice (seed 001, createflexpayorder) answers in
 * `<errors><error><code>`. Partners program against these numbers, so they are stable: a code is
 * never reused for another cause and never renumbered; new causes get new codes.
 *
 * 1xxx: the request could not be read (XML, schema, size) or our configuration is missing;
 * 2xxx: the order was read but cannot be carried out; 3xxx: who is calling, and retries;
 * 9999: anything else (a bug on our side). `status` is the HTTP status the answer carries and
 * `message` the English text put in `<message>` unless the caller has a better one.
 */
export interface PartnerErrorCode {
  code: number;
  status: number;
  message: string;
}

export const PARTNER_ERROR_CODES = {
  /** The body is not well-formed XML, or not UTF-8 (UTF-16, a NUL byte, invalid UTF-8, another declared encoding). */
  bad_xml: { code: 1001, status: 400, message: 'The request is not well-formed XML' },
  /** Well-formed, but not an order as createflexpayorder.xsd describes it. */
  schema_violation: { code: 1002, status: 400, message: 'The order does not match createflexpayorder.xsd' },
  /** Larger than MAX_PARTNER_XML_BYTES. */
  body_too_large: { code: 1003, status: 413, message: 'The request body is too large' },
  /** A DTD, an entity or element declaration, or a processing instruction: never needed, often an attack. */
  forbidden_construct: {
    code: 1004,
    status: 400,
    message: 'DTDs, entity declarations and processing instructions are not accepted',
  },
  /** libxml2 took longer than the time limit on the order (VALIDATION_TIMEOUT_MS) and was stopped. */
  validation_timed_out: { code: 1005, status: 400, message: 'The order took too long to validate' },
  /** Our side is not set up for this partner (seed 001's own example, e.g. no partner settings). */
  /** Another method than POST on the order route: it takes orders only. */
  method_not_allowed: { code: 1006, status: 405, message: 'Only POST is accepted' },
  configuration_missing: { code: 1111, status: 500, message: 'Invalid settings configuration' },
  /** No product with that productnumber is offered to the partner. */
  unknown_product: { code: 2001, status: 422, message: 'Unknown product' },
  /** The business unit is unknown or not open to the partner. */
  business_unit_not_allowed: { code: 2002, status: 422, message: 'Unknown or not allowed business unit' },
  /** The product cannot be sold from that startday (not yet, no longer, or not on that unit). */
  product_not_sellable: {
    code: 2003,
    status: 422,
    message: 'The product cannot be sold from that start day',
  },
  /** priceincvat differs from our price for the product on that day. */
  price_mismatch: { code: 2004, status: 422, message: 'The price does not match the price of the product' },
  /** The personnumber has a bad date or check digit. */
  invalid_personnummer: { code: 2005, status: 422, message: 'Invalid personnummer' },
  /** The organization number has a bad form or check digit. */
  invalid_organization_number: { code: 2006, status: 422, message: 'Invalid organization number' },
  unauthenticated: { code: 3001, status: 401, message: 'A valid API key is required' },
  /** The API key is not of the partner kind. */
  forbidden_scope: { code: 3002, status: 403, message: 'The API key does not allow partner orders' },
  /** The same idempotency key was used for another order, or that order is still being created. */
  idempotency_conflict: {
    code: 3003,
    status: 409,
    message: 'The idempotency key was used for another request',
  },
  /** Too many requests with this API key in a minute: wait and retry (Retry-After). */
  rate_limited: { code: 3004, status: 429, message: 'Too many requests' },
  internal_error: { code: 9999, status: 500, message: 'Internal error' },
} as const satisfies Record<string, PartnerErrorCode>;

export type PartnerErrorCause = keyof typeof PARTNER_ERROR_CODES;
