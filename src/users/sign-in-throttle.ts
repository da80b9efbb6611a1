import type { Clock } from '../clock.ts';

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** Failed sign-ins allowed per e-mail address, and per client address, within the window. */
export const FAILURES_PER_EMAIL = 5;
export const FAILURES_PER_ADDRESS = 20;
const MAX_KEYS = 100_000;

/**
 * Counts failed sign-ins per e-mail and per client address in fixed 15-minute windows, in this
 * process (each API server counts its own, as the request rate limit does). Past a limit, sign-in
 * answers 429 until the window ends, even with the right password: guessing gets nowhere.
 */
export class SignInThrottle {
  readonly #clock: Clock;
  readonly #failures = new Map<string, { start: number; count: number }>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Seconds until a sign-in may be tried again, or 0 when it may be tried now. */
  retryAfter(email: string, address: string): number {
    const now = this.#clock.now().getTime();
    let wait = 0;
    for (const [key, limit] of this.#keys(email, address)) {
      const window = this.#failures.get(key);
      if (!window || now - window.start >= SIGN_IN_WINDOW_MS || window.count < limit) continue;
      wait = Math.max(wait, Math.ceil((window.start + SIGN_IN_WINDOW_MS - now) / 1000));
    }
    return wait;
  }

  failed(email: string, address: string): void {
    const now = this.#clock.now().getTime();
    if (this.#failures.size > MAX_KEYS) this.#failures.clear();
    for (const [key] of this.#keys(email, address)) {
      const window = this.#failures.get(key);
      if (!window || now - window.start >= SIGN_IN_WINDOW_MS)
        this.#failures.set(key, { start: now, count: 1 });
      else window.count++;
    }
  }

  /** A successful sign-in forgets the e-mail's failures (not the address's: one address, many guesses). */
  succeeded(email: string): void {
    this.#failures.delete(`email:${email.toLowerCase()}`);
  }

  #keys(email: string, address: string): [string, number][] {
    return [
      [`email:${email.toLowerCase()}`, FAILURES_PER_EMAIL],
      [`address:${address}`, FAILURES_PER_ADDRESS],
    ];
  }
}
