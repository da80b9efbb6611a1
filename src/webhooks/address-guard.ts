import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may never reach (SSRF): loopback, private, carrier-grade NAT, link-local (the
 * cloud metadata address 169.254.169.254 among them), multicast, reserved and documentation ranges,
 * and IPv6 forms that embed IPv4 addresses.
 */
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');

/** True when `address` (an IP literal) must not be reached; anything that is not an IP is refused too. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) reaches IPv4 hosts: refused whole. (BlockList would also match
  // a ::ffff:0:0/96 rule against every plain IPv4 address, so it is checked here instead.)
  if (family === 6 && new URL(`http://[${address}]`).hostname.startsWith('[::ffff:')) return true;
  return FORBIDDEN.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface ResolvedTarget {
  address: string;
  family: 4 | 6;
}

export type TargetCheck = { ok: true; target: ResolvedTarget } | { ok: false; reason: string };

/** A URL's host without the brackets of an IPv6 literal. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Resolves the URL's host now and picks the address to connect to. Refused when any address it
 * resolves to is forbidden (unless `allowPrivate`), so that a name with one public and one private
 * address cannot be used either; the caller connects to the address checked here, never resolving again.
 */
export async function checkTarget(url: URL, allowPrivate: boolean): Promise<TargetCheck> {
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:'))
    return { ok: false, reason: `${url.protocol} is not allowed: webhooks go to https URLs` };
  const host = hostOf(url);
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (error) {
      return { ok: false, reason: `${host} does not resolve (${(error as NodeJS.ErrnoException).code})` };
    }
  }
  if (addresses.length === 0) return { ok: false, reason: `${host} has no address` };
  if (!allowPrivate) {
    const forbidden = addresses.find((a) => isForbiddenAddress(a.address));
    if (forbidden)
      return { ok: false, reason: `${host} resolves to ${forbidden.address}, a private or reserved address` };
  }
  const first = addresses[0]!;
  return { ok: true, target: { address: first.address, family: first.family === 6 ? 6 : 4 } };
}
