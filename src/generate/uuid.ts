import type { Prng } from './prng';

const NIBBLE = '0123456789abcdef';
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex32(word: number): string {
  return HEX[word >>> 24] + HEX[(word >>> 16) & 0xff] + HEX[(word >>> 8) & 0xff] + HEX[word & 0xff];
}

/**
 * A UUID-v4-shaped id (version nibble 4, variant 10xx) from 122 bits of the generator: opaque,
 * unique in practice and reproducible from the seed.
 */
export function uuid(rng: Prng): string {
  const a = hex32(rng.uint32());
  const b = rng.uint32();
  const c = rng.uint32();
  const d = hex32(rng.uint32());
  const timeMid = HEX[b >>> 24] + HEX[(b >>> 16) & 0xff];
  const version = `4${NIBBLE[(b >>> 8) & 0x0f]}${HEX[b & 0xff]}`;
  const variant = HEX[0x80 | ((c >>> 24) & 0x3f)] + HEX[(c >>> 16) & 0xff];
  const node = HEX[(c >>> 8) & 0xff] + HEX[c & 0xff] + d;
  return `${a}-${timeMid}-${version}-${variant}-${node}`;
}
