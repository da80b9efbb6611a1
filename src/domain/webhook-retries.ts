/**
 * When a failed webhook delivery is tried again: about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h
 * and 24 h after each failure (3 days and 3 hours in all), never sooner than the receiver's
 * `Retry-After` asks (capped at a day). Pure: the caller brings the clock.
 */
export const RETRY_DELAYS_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400] as const;

/** The first try and one per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

const MAX_RETRY_AFTER_SECONDS = 86_400;

/**
 * Seconds until the next attempt after `failedAttempts` failures in a row (1 after the first try),
 * or null when the schedule is spent and the delivery has failed.
 */
export function nextRetryDelay(failedAttempts: number, retryAfterSeconds: number | null): number | null {
  if (failedAttempts < 1) throw new Error(`nextRetryDelay after ${failedAttempts} failures`);
  if (failedAttempts >= MAX_ATTEMPTS) return null;
  const planned = RETRY_DELAYS_SECONDS[failedAttempts - 1]!;
  if (retryAfterSeconds === null) return planned;
  return Math.max(planned, Math.min(Math.ceil(retryAfterSeconds), MAX_RETRY_AFTER_SECONDS));
}

/** `Retry-After` as seconds from `nowMs`: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d{1,10}$/.test(value)) return Number(value);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, (at - nowMs) / 1000);
}
