import { at } from '../common/at';
import type { Prng } from './prng';

const NIBBLE = '0123456789abcdef';
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Two hex digits of the low byte of `value`. */
function byteHex(value: number): string {
  return at(HEX, value & 0xff, 'a byte in hex');
}

function hex32(word: number): string {
  return byteHex(word >>> 24) + byteHex(word >>> 16) + byteHex(word >>> 8) + byteHex(word);
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
  const timeMid = byteHex(b >>> 24) + byteHex(b >>> 16);
  const version = `4${NIBBLE.charAt((b >>> 8) & 0x0f)}${byteHex(b)}`;
  const variant = byteHex(0x80 | ((c >>> 24) & 0x3f)) + byteHex(c >>> 16);
  const node = byteHex(c >>> 8) + byteHex(c) + d;
  return `${a}-${timeMid}-${version}-${variant}-${node}`;
}
