import { at } from '../common/at';
import type { Prng } from './prng';

const OPEN_MINUTE = 7 * 60;
const CLOSE_MINUTE = 20 * 60;

/** A triangular bump centred on `centre` (minutes after midnight), `width` minutes each side. */
function bump(minute: number, centre: number, width: number, height: number): number {
  const distance = Math.abs(minute - centre);
  return distance >= width ? 0 : height * (1 - distance / width);
}

/**
 * When orders happen: between 07:00 and 20:00, with a morning peak around 08:15, a lunch peak around
 * 12:30 and a small afternoon bump. A cumulative table per minute (pure arithmetic, no
 * transcendental functions) is sampled by binary search.
 */
export class TimeOfDay {
  private readonly cumulative: Float64Array;

  constructor() {
    const minutes = CLOSE_MINUTE - OPEN_MINUTE;
    this.cumulative = new Float64Array(minutes);
    let total = 0;
    for (let i = 0; i < minutes; i++) {
      const minute = OPEN_MINUTE + i;
      total +=
        0.3 +
        bump(minute, 8 * 60 + 15, 90, 2.2) +
        bump(minute, 12 * 60 + 30, 75, 1.8) +
        bump(minute, 15 * 60 + 30, 60, 0.4);
      this.cumulative[i] = total;
    }
  }

  /** A second of the day (07:00:00 ≤ s < 20:00:00). */
  sample(rng: Prng): number {
    const cumulative = this.cumulative;
    const target = rng.float() * at(cumulative, cumulative.length - 1, 'the total weight');
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (at(cumulative, mid, 'a cumulative weight') <= target) low = mid + 1;
      else high = mid;
    }
    return (OPEN_MINUTE + low) * 60 + rng.int(0, 59);
  }
}
