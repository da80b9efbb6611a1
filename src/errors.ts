/**
 * The one closed set of error codes, their HTTP status, and the value a use case answers when a
 * request cannot be carried out. Expected failures are values (`Result`); exceptions are for bugs.
 */
export const ERROR_STATUS = {
  malformed_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  totp_required: 401,
  totp_invalid: 401,
  insufficient_scope: 403,
  csrf_failed: 403,
  action_disabled: 403,
  not_found: 404,
  method_not_allowed: 405,
  code_taken: 409,
  archived: 409,
  externally_managed: 409,
  account_in_use: 409,
  last_owner: 409,
  not_invited: 409,
  order_expired: 409,
  order_stale: 409,
  order_state: 409,
  already_billed: 409,
  event_id_reused: 409,
  external_id_reused: 409,
  idempotency_key_in_use: 409,
  limit_reached: 409,
  card_setup_incomplete: 409,
  link_expired: 410,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  unknown_account: 422,
  rate_limited: 429,
  internal_error: 500,
  gateway_failed: 502,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_TITLES: Record<ErrorCode, string> = {
  malformed_request: 'The request could not be read',
  validation_failed: 'Some fields are not valid',
  unauthenticated: 'A valid API token or sign-in is required',
  totp_required: 'The code of the second factor is required',
  totp_invalid: 'The code of the second factor is wrong',
  insufficient_scope: "The token's scope or the person's role does not allow this",
  csrf_failed: 'The X-CSRF-Token header is missing or wrong',
  action_disabled: 'The organization does not offer this in self-service',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  code_taken: 'The code is already in use',
  archived: 'It is archived and cannot be changed',
  externally_managed: 'Externally managed: only the import may change it',
  account_in_use: 'The account is still in use',
  last_owner: 'An organization must keep an owner',
  not_invited: 'The person cannot be invited again',
  order_expired: 'The order preview has expired',
  order_stale: 'The subscription changed after this order was priced',
  order_state: 'The order is not in a state that allows this',
  already_billed: 'It is on an invoice draft already and can no longer be removed',
  event_id_reused: 'The event_id was used for other usage',
  external_id_reused: 'The external_id was used for another payment',
  idempotency_key_in_use: 'A request with this Idempotency-Key is still being processed',
  limit_reached: 'A limit on how many there may be was reached',
  card_setup_incomplete: 'The card gateway has not confirmed the card yet',
  link_expired: 'The link has expired',
  payload_too_large: 'The request body is too large',
  uri_too_long: 'A path segment is too long',
  unsupported_media_type: 'Unsupported content type',
  idempotency_key_reused: 'The Idempotency-Key was used with other parameters',
  unknown_account: 'The account does not exist: create it first',
  rate_limited: 'Too many requests',
  internal_error: 'Internal error',
  gateway_failed: 'The card gateway refused or did not answer',
  unavailable: 'The service is not ready',
};

export interface FieldError {
  /** The field's path, dotted (`legal_country`, `lines.0.quantity`), or `query.limit` for a query parameter. */
  field: string;
  code: string;
  message: string;
}

export interface Failure {
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, detail: string, errors?: FieldError[]): Result<T> {
  return { ok: false, failure: errors ? { code, detail, errors } : { code, detail } };
}

export function fieldFailure<T = never>(field: string, code: string, message: string): Result<T> {
  return fail('validation_failed', message, [{ field, code, message }]);
}

/**
 * Thrown inside a transaction to roll it back with an expected failure; `transact` turns it back
 * into a value. Use it only where the failure is found after something was written.
 */
export class RollbackWith extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(failure.detail);
    this.failure = failure;
  }
}
