import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_ATTEMPTS,
  nextRetryDelay,
  parseRetryAfter,
  RETRY_DELAYS_SECONDS,
} from '../../src/domain/webhook-retries.ts';
import { isForbiddenAddress } from '../../src/webhooks/address-guard.ts';

describe('webhook retry schedule', () => {
  it('tries 10 times over about 3 days', () => {
    const delays = [];
    for (let failed = 1; failed < MAX_ATTEMPTS; failed++) delays.push(nextRetryDelay(failed, null));
    expect(delays).toEqual([5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400]);
    expect(nextRetryDelay(MAX_ATTEMPTS, null)).toBeNull();
    const total = RETRY_DELAYS_SECONDS.reduce((a, b) => a + b, 0);
    expect(total / 86_400).toBeGreaterThan(3);
    expect(total / 86_400).toBeLessThan(3.5);
  });

  it('never retries sooner than Retry-After asks, nor later than a day beyond the plan', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_ATTEMPTS - 1 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (failed, after) => {
          const delay = nextRetryDelay(failed, after)!;
          const planned = nextRetryDelay(failed, null)!;
          expect(delay).toBeGreaterThanOrEqual(planned);
          expect(delay).toBeGreaterThanOrEqual(Math.min(after, 86_400));
          expect(delay).toBeLessThanOrEqual(Math.max(planned, 86_400));
        },
      ),
    );
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-15T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Wed, 15 Jan 2025 11:00:00 GMT', now)).toBe(3600);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

describe('forbidden webhook addresses', () => {
  it('refuses loopback, private, link-local, metadata, multicast and mapped addresses', () => {
    for (const address of [
      '127.0.0.1',
      '127.1.2.3',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not-an-ip',
    ])
      expect(isForbiddenAddress(address), address).toBe(true);
    for (const address of ['93.184.216.34', '1.1.1.1', '8.8.8.8', '2606:4700:4700::1111'])
      expect(isForbiddenAddress(address), address).toBe(false);
  });

  it('refuses every address of the private ranges', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(octet, octet, octet, (a, b, c) => {
        expect(isForbiddenAddress(`10.${a}.${b}.${c}`)).toBe(true);
        expect(isForbiddenAddress(`127.${a}.${b}.${c}`)).toBe(true);
        expect(isForbiddenAddress(`192.168.${b}.${c}`)).toBe(true);
        expect(isForbiddenAddress(`169.254.${b}.${c}`)).toBe(true);
        expect(isForbiddenAddress(`172.${16 + (a % 16)}.${b}.${c}`)).toBe(true);
        expect(isForbiddenAddress(`::ffff:${a}.${b}.${c}.1`)).toBe(true);
      }),
    );
  });
});
