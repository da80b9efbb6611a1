import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  hotp,
  otpauthUri,
  type TotpAlgorithm,
  totp,
  totpStep,
  verifyTotp,
} from '../../src/domain/totp.ts';

// RFC 6238 Appendix B: the seeds are the ASCII digits 1234567890 repeated to the hash's key length.
const SEEDS: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};

const VECTORS: [number, string, TotpAlgorithm][] = [
  [59, '94287082', 'sha1'],
  [59, '46119246', 'sha256'],
  [59, '90693936', 'sha512'],
  [1111111109, '07081804', 'sha1'],
  [1111111109, '68084774', 'sha256'],
  [1111111109, '25091201', 'sha512'],
  [1111111111, '14050471', 'sha1'],
  [1111111111, '67062674', 'sha256'],
  [1111111111, '99943326', 'sha512'],
  [1234567890, '89005924', 'sha1'],
  [1234567890, '91819424', 'sha256'],
  [1234567890, '93441116', 'sha512'],
  [2000000000, '69279037', 'sha1'],
  [2000000000, '90698825', 'sha256'],
  [2000000000, '38618901', 'sha512'],
  [20000000000, '65353130', 'sha1'],
  [20000000000, '77737706', 'sha256'],
  [20000000000, '47863826', 'sha512'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('at %i s the %s code is %s', (seconds, expected, algorithm) => {
    expect(totp(SEEDS[algorithm], new Date(seconds * 1000), 8, algorithm)).toBe(expected);
  });

  it('HOTP matches RFC 4226 Appendix D', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583'];
    expect(expected.map((_, counter) => hotp(SEEDS.sha1, counter))).toEqual(expected);
  });

  it('accepts the code of the step before, now and after, and no other', () => {
    const at = new Date('2026-12-05T12:00:10Z');
    const step = totpStep(at);
    for (const offset of [-1, 0, 1])
      expect(verifyTotp(SEEDS.sha1, hotp(SEEDS.sha1, step + offset), at)).toBe(step + offset);
    expect(verifyTotp(SEEDS.sha1, hotp(SEEDS.sha1, step + 2), at)).toBeNull();
    expect(verifyTotp(SEEDS.sha1, hotp(SEEDS.sha1, step - 2), at)).toBeNull();
    expect(verifyTotp(SEEDS.sha1, '12345', at)).toBeNull();
    expect(verifyTotp(SEEDS.sha1, 'abcdef', at)).toBeNull();
  });

  it('refuses a code of a step already used (no replay)', () => {
    const at = new Date('2026-12-05T12:00:10Z');
    const step = totpStep(at);
    const code = hotp(SEEDS.sha1, step);
    expect(verifyTotp(SEEDS.sha1, code, at, step)).toBeNull();
    expect(verifyTotp(SEEDS.sha1, code, at, step - 1)).toBe(step);
  });

  it('base32 round-trips any bytes and matches RFC 4648 §10', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('mzxw 6ytb oi======')?.toString()).toBe('foobar');
    expect(base32Decode('not base32!')).toBeNull();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(Buffer.compare(base32Decode(base32Encode(bytes))!, Buffer.from(bytes))).toBe(0);
      }),
    );
  });

  it('builds the otpauth URI authenticator apps scan', () => {
    expect(otpauthUri('JBSWY3DPEHPK3PXP', 'kassa', 'ann@example.com')).toBe(
      'otpauth://totp/kassa:ann%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=kassa&algorithm=SHA1&digits=6&period=30',
    );
  });
});
