import type { Clock } from '../clock.ts';

export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const MAX_KEYS = 100_000;

/** A key failures are counted under (`address:10.0.0.1`, `email:a@b.dk`) and how many it may have. */
export type Limited = readonly [key: string, limit: number];

/**
 * Counts failed attempts (sign-ins, client authentications, unknown tokens) per key in fixed
 * 15-minute windows, in this process (each API server counts its own, as the request rate limit
 * does). Past a key's limit, `retryAfter` answers the seconds until its window ends: the caller then
 * refuses with 429, even a right secret, so guessing gets nowhere.
 */
export class FailureThrottle {
  readonly #clock: Clock;
  readonly #failures = new Map<string, { start: number; count: number }>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Seconds until an attempt under these keys may be made again, or 0 when it may be made now. */
  retryAfter(keys: readonly Limited[]): number {
    const now = this.#clock.now().getTime();
    let wait = 0;
    for (const [key, limit] of keys) {
      const window = this.#failures.get(key);
      if (!window || now - window.start >= FAILURE_WINDOW_MS || window.count < limit) continue;
      wait = Math.max(wait, Math.ceil((window.start + FAILURE_WINDOW_MS - now) / 1000));
    }
    return wait;
  }

  failed(keys: readonly Limited[]): void {
    const now = this.#clock.now().getTime();
    if (this.#failures.size > MAX_KEYS) this.#failures.clear();
    for (const [key] of keys) {
      const window = this.#failures.get(key);
      if (!window || now - window.start >= FAILURE_WINDOW_MS)
        this.#failures.set(key, { start: now, count: 1 });
      else window.count++;
    }
  }

  forget(key: string): void {
    this.#failures.delete(key);
  }
}
