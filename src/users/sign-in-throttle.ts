import type { Clock } from '../clock.ts';
import { FAILURE_WINDOW_MS, FailureThrottle, type Limited } from '../http/failure-throttle.ts';

export const SIGN_IN_WINDOW_MS = FAILURE_WINDOW_MS;
/** Failed sign-ins allowed per e-mail address, and per client address, within the window. */
export const FAILURES_PER_EMAIL = 5;
export const FAILURES_PER_ADDRESS = 20;

/**
 * Counts failed sign-ins per e-mail and per client address (a `FailureThrottle`). Past a limit,
 * sign-in answers 429 until the window ends, even with the right password: guessing gets nowhere.
 */
export class SignInThrottle {
  readonly #throttle: FailureThrottle;

  constructor(clock: Clock) {
    this.#throttle = new FailureThrottle(clock);
  }

  /** Seconds until a sign-in may be tried again, or 0 when it may be tried now. */
  retryAfter(email: string, address: string): number {
    return this.#throttle.retryAfter(this.#keys(email, address));
  }

  failed(email: string, address: string): void {
    this.#throttle.failed(this.#keys(email, address));
  }

  /** A successful sign-in forgets the e-mail's failures (not the address's: one address, many guesses). */
  succeeded(email: string): void {
    this.#throttle.forget(`email:${email.toLowerCase()}`);
  }

  #keys(email: string, address: string): Limited[] {
    return [
      [`email:${email.toLowerCase()}`, FAILURES_PER_EMAIL],
      [`address:${address}`, FAILURES_PER_ADDRESS],
    ];
  }
}
