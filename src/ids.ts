import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let sequence = 0;
// Random bytes are drawn 4 KiB at a time: one call per id costs more than the rest of the id.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomSixteen(): Buffer {
  if (poolOffset + 16 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  return bytes;
}

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that keeps ids made in the
 * same millisecond in creation order (method 1), then random bits. Lists that order by (created, id)
 * therefore show rows made at the same instant in the order they were made. The milliseconds are the
 * machine's, not the injected clock's: they only order, they do not date.
 */
export function newId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    sequence++;
    if (sequence > 0xfff) {
      lastMs++;
      sequence = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    sequence = 0;
  }
  const bytes = randomSixteen();
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
