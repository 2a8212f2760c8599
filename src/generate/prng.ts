import { at } from '../common/at';
/**
 * A small seeded pseudo-random generator (sfc32, 128-bit state, seeded through splitmix32) so that
 * the same seed yields the same sequence on every machine. Only integer and IEEE arithmetic is used:
 * no Math.random, no transcendental functions whose last bit could differ between engines.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `stream` separates independent sequences drawn from one seed (stores, names, orders…). */
  constructor(seed: number, stream = 0) {
    let state = 0;
    const splitmix = (input: number): number => {
      state = (state + 0x9e3779b9 + input) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    splitmix(seed >>> 0);
    splitmix(Math.floor(seed / 4294967296) >>> 0);
    splitmix(stream >>> 0);
    this.a = splitmix(0);
    this.b = splitmix(0);
    this.c = splitmix(0);
    this.d = splitmix(0);
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniform integer in [0, 2^32). */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** A uniform float in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  /** A uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.float() * items.length), 'a picked item');
  }

  /** An approximately standard normal value (Irwin–Hall sum of 12 uniforms, pure arithmetic). */
  normal(): number {
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += this.float();
    return sum - 6;
  }

  /** An approximately Poisson-distributed count with mean `mean` (normal approximation, ≥ 0). */
  count(mean: number): number {
    if (mean <= 0) return 0;
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
  }
}
