import type { Prng } from './prng';

const FIRST = [
  'James',
  'Mary',
  'Zoë',
  'Jürgen',
  'Søren',
  'François',
  'José',
  'Siobhán',
  'Łukasz',
  'Björn',
  'Chloé',
  'Renée',
  'Ngozi',
  'Hiroshi',
  'Aoife',
  'Mateo',
  'Priya',
  'Olamide',
  'Mei',
  'Yusuf',
  'Ana',
  'Élodie',
  'Dmitri',
  'Fatima',
  'Liam',
  'Sophia',
  'Noah',
  'Emma',
  'Oliver',
  'Ava',
  'Ethan',
  'Isabella',
  'Lucas',
  'Mia',
  'Kwame',
  'Ingrid',
  'Nils',
  'Åsa',
  'Þóra',
  'Chidi',
  'Sun-hee',
  'Ángel',
  'Thanh',
  'Anna',
  'Grace',
  'Daniel',
  'Sara',
  'Michael',
  'Laura',
  'David',
];
const LAST = [
  'Smith',
  "O'Brien",
  'Müller',
  'García',
  'Nguyễn',
  'Kowalski',
  'Dubois',
  "D'Angelo",
  'Ødegaard',
  'Jensen',
  'Okafor',
  'Tanaka',
  'Patel',
  'Rossi',
  'Schröder',
  'Fernández',
  'Kim',
  'Johansson',
  'Novák',
  'Williams',
  'Brown',
  'Taylor',
  'Martin',
  'Lee',
  'Walker',
  'Hall',
  "O'Connor",
  'MacDonald',
  'Lefèvre',
  'Şahin',
  'Ó Súilleabháin',
  'Wang',
  'Chen',
  'Singh',
  'Johnson',
  'Anderson',
  'Thomas',
];
const NICKNAMES = ['Bobby', 'Mo', 'Jo', 'Kiki', 'Bear', 'Ace'];
const ALONE = ['Jürgen', 'Søren', 'Zoë Müller', '美咲 田中', 'Анна Иванова', 'Δημήτρης'];

/**
 * A customer's display name: mostly "First Last" in many languages (apostrophes and accents
 * included), sometimes a single name, rarely a "Last, First" or a nickname in double quotes, so the
 * file needs CSV quoting now and then.
 */
export function customerName(rng: Prng): string {
  const roll = rng.float();
  if (roll < 0.04) return rng.pick(ALONE);
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  if (roll < 0.06) return `${last}, ${first}`;
  if (roll < 0.065) return `${first} "${rng.pick(NICKNAMES)}" ${last}`;
  return `${first} ${last}`;
}
