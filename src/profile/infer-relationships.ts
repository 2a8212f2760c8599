import { mapLimit } from '../common/concurrency';
import type { Warehouse } from '../warehouse/warehouse';
import type { Relationship, TableProfile } from './profile';
import { type ReferenceCandidate, referenceCandidates } from './reference-candidates';
import { orphanQuery, probeQuery, referenceQuery } from './reference-query';

export type InferRelationshipsOptions = {
  schema: string;
  /** Declared keys per table (targets even when the data breaks them). */
  declaredKeys?: Readonly<Record<string, readonly string[]>>;
  /** A candidate with at least this share of its values in the key is a foreign key. */
  minCoverage: number;
  concurrency: number;
};

/** A candidate suggested by values only goes on to a full query when this share of its probe is found. */
const PROBE_SHARE = 0.5;

/**
 * Tests the candidate references (see `referenceCandidates`) and returns the accepted foreign
 * keys plus the name-suggested candidates that fell short (those become findings). A candidate
 * suggested by its values only is first probed with a few of its values (cheap) and dropped
 * when most are missing: it was a guess.
 */
export async function inferRelationships(
  warehouse: Pick<Warehouse, 'query' | 'dialect'>,
  tables: readonly TableProfile[],
  options: InferRelationshipsOptions,
): Promise<Relationship[]> {
  const candidates = referenceCandidates(tables, options.declaredKeys);
  const tested = await mapLimit(candidates, options.concurrency, (candidate) =>
    testCandidate(warehouse, candidate, options),
  );
  return tested.filter((r): r is Relationship => r !== null && (r.accepted || r.nameSuggests));
}

async function testCandidate(
  warehouse: Pick<Warehouse, 'query' | 'dialect'>,
  candidate: ReferenceCandidate,
  options: InferRelationshipsOptions,
): Promise<Relationship | null> {
  const { dialect } = warehouse;
  if (!candidate.nameSuggests && !(await probeFinds(warehouse, candidate, options.schema))) return null;
  const result = await warehouse.query<{ non_null: string; orphan_rows: string }>(
    referenceQuery(dialect, options.schema, candidate),
  );
  const nonNull = Number(result.rows[0]?.non_null ?? 0);
  const orphanRows = Number(result.rows[0]?.orphan_rows ?? 0);
  const coverage = nonNull === 0 ? 1 : (nonNull - orphanRows) / nonNull;
  // An all-null column "covers" trivially; only a name makes it a reference then.
  const accepted = coverage >= options.minCoverage && (nonNull > 0 || candidate.nameSuggests);
  let orphanValues = 0;
  let orphanExamples: string[] = [];
  if (orphanRows > 0 && (accepted || candidate.nameSuggests)) {
    const orphans = await warehouse.query<{ orphan_values: string; examples: string[] | null }>(
      orphanQuery(dialect, options.schema, candidate),
    );
    orphanValues = Number(orphans.rows[0]?.orphan_values ?? 0);
    orphanExamples = orphans.rows[0]?.examples ?? [];
  }
  const { probe: _probe, toUnique: _toUnique, ...reference } = candidate;
  return { ...reference, coverage, nonNull, orphanRows, orphanValues, orphanExamples, accepted };
}

async function probeFinds(
  warehouse: Pick<Warehouse, 'query' | 'dialect'>,
  candidate: ReferenceCandidate,
  schema: string,
): Promise<boolean> {
  if (candidate.probe.length === 0) return false;
  const result = await warehouse.query<{ found: string }>(probeQuery(warehouse.dialect, schema, candidate), [
    candidate.probe,
  ]);
  return Number(result.rows[0]?.found ?? 0) >= candidate.probe.length * PROBE_SHARE;
}
