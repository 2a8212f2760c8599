import { isIdLike } from './key-search';
import { nameSuggestsReference } from './name-suggests-reference';
import type { ColumnProfile, TableProfile } from './profile';
import { typeFamily } from './type-family';

export type ReferenceCandidate = {
  fromTable: string;
  fromColumn: string;
  toTable: string;
  toColumn: string;
  /** The key is unique in the data (a declared key may not be). */
  toUnique: boolean;
  nameSuggests: boolean;
  /** A few values of the source column (top values and samples), for a cheap probe. */
  probe: string[];
};

/** Text longer than this is prose, never a reference. */
const LONG_TEXT = 100;

/**
 * The (column → key of another table) pairs worth a coverage query. Targets are each table's
 * single-column keys found in the data plus its declared single-column key (a declared key with
 * duplicates is still what the others point at). A pair is kept when the types match and either
 * the name points at the target, or the values could: same inferred type, not more distinct
 * values than the key, overlapping lengths, and a uuid or an id-like name (small integers or
 * short codes overlap by accident otherwise). A column that is itself its table's key is only
 * linked by name, so `raw_items.id` is never tested against `raw_orders.id`.
 */
export function referenceCandidates(
  tables: readonly TableProfile[],
  declaredKeys: Readonly<Record<string, readonly string[]>> = {},
): ReferenceCandidate[] {
  const candidates: ReferenceCandidate[] = [];
  for (const to of tables) {
    const unique = new Set(to.candidateKeys.filter((k) => k.columns.length === 1).map((k) => k.columns[0]));
    for (const toColumn of targetColumns(to, declaredKeys[to.name])) {
      const key = to.columns.find((c) => c.name === toColumn);
      if (!key) continue;
      for (const from of tables) {
        if (from.name === to.name) continue;
        const ownKeys = new Set(
          from.candidateKeys.filter((k) => k.columns.length === 1).map((k) => k.columns[0]),
        );
        for (const column of from.columns) {
          if (!sameFamily(column, key) || !isReferenceType(column)) continue;
          const nameSuggests = nameSuggestsReference(column.name, to.name, toColumn);
          if (nameSuggests || (!ownKeys.has(column.name) && valuesCouldMatch(column, key))) {
            candidates.push({
              fromTable: from.name,
              fromColumn: column.name,
              toTable: to.name,
              toColumn,
              toUnique: unique.has(toColumn),
              nameSuggests,
              probe: [
                ...new Set([
                  ...column.topValues.flatMap((v) => (v.value === null ? [] : [v.value])),
                  ...column.samples,
                ]),
              ],
            });
          }
        }
      }
    }
  }
  return candidates;
}

/** Single-column keys (prose that happens to be unique is no target) plus the declared one. */
function targetColumns(table: TableProfile, declared: readonly string[] | undefined): string[] {
  const keys = table.candidateKeys
    .flatMap((k) => (k.columns.length === 1 ? k.columns : []))
    .filter((name) => !isProse(table.columns.find((c) => c.name === name)));
  const [only] = declared ?? [];
  if (declared?.length === 1 && only !== undefined && !keys.includes(only)) keys.push(only);
  return keys;
}

function isProse(column: ColumnProfile | undefined): boolean {
  return (column?.maxLength ?? 0) > LONG_TEXT;
}

function sameFamily(a: ColumnProfile, b: ColumnProfile): boolean {
  return typeFamily(a.catalogType) === typeFamily(b.catalogType);
}

/** Identifiers are text, uuids or integers; amounts, times and flags do not reference rows. */
function isReferenceType(column: ColumnProfile): boolean {
  const family = typeFamily(column.catalogType);
  return family === 'text' || family === 'uuid' || family === 'integer';
}

function valuesCouldMatch(column: ColumnProfile, key: ColumnProfile): boolean {
  if (column.inferredType !== key.inferredType) return false;
  if (column.distinct === 0 || column.distinct > key.distinct) return false;
  if (isProse(column)) return false;
  if (column.minLength != null && key.maxLength != null && column.minLength > key.maxLength) return false;
  if (column.maxLength != null && key.minLength != null && column.maxLength < key.minLength) return false;
  return column.inferredType === 'uuid' || isIdLike(column.name);
}
