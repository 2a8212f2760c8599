import { entityName } from './entity-name';
import { findingText as t } from './finding-text';
import type { Finding, Relationship, TableProfile } from './profile';
import { dominantKind } from './value-kinds';

/** A text column whose values mostly (not all) look like one kind has a few bad values. */
const MOSTLY = 0.9;

/**
 * Data-quality findings any schema can have, from the table profiles and the tested references:
 * broken declared keys, missing keys, duplicate rows, orphans, near-misses of references, nulls
 * and values that do not fit the column's apparent type.
 */
export function genericFindings(
  tables: readonly TableProfile[],
  relationships: readonly Relationship[],
): Finding[] {
  const findings: Finding[] = [];
  const referencing = new Set(
    relationships.filter((r) => r.accepted).map((r) => `${r.fromTable}.${r.fromColumn}`),
  );
  for (const table of tables) {
    findings.push(...tableFindings(table, referencing));
  }
  for (const relationship of relationships) {
    const finding = relationshipFinding(relationship);
    if (finding) findings.push(finding);
  }
  return findings;
}

function tableFindings(table: TableProfile, referencing: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const name = table.name;
  if (table.rows === 0) {
    return [{ severity: 'warn', code: 'empty_table', table: name, count: 0, message: `${name} is empty` }];
  }
  const key = table.contractKey;
  const keyColumns = new Set(key?.columns ?? []);
  if (key && key.duplicateValues > 0) {
    const noun = key.columns.length === 1 ? key.columns[0] : `(${key.columns.join(', ')}) pair`;
    findings.push({
      severity: 'error',
      code: 'duplicate_key',
      table: name,
      column: key.columns.join(', '),
      count: key.duplicateValues,
      message: `${name} has ${t.count(key.duplicateValues, `duplicate ${noun}`)} (${t.count(key.duplicateRows, 'row')} carry ${t.verb(key.duplicateValues, 'it', 'them')})`,
      examples: key.examples,
    });
  }
  if (table.candidateKeys.length === 0) {
    findings.push({
      severity: 'warn',
      code: 'no_candidate_key',
      table: name,
      count: table.rows,
      message: `${name} has no key of one or two columns in the data (${t.count(table.testedPairs, 'column pair')} tested)`,
    });
  }
  if (table.duplicateRows > 0) {
    findings.push({
      severity: 'warn',
      code: 'duplicate_rows',
      table: name,
      count: table.duplicateRows,
      message: `${name} has ${t.count(table.duplicateRows, 'duplicate row')} (identical in every column to another row)`,
    });
  }
  for (const column of table.columns) {
    const where = `${name}.${column.name}`;
    if (column.nulls === table.rows) {
      findings.push({
        severity: keyColumns.has(column.name) ? 'error' : 'warn',
        code: 'all_null',
        table: name,
        column: column.name,
        count: column.nulls,
        message: `${where} is null on every row (${t.count(column.nulls, 'row')})`,
      });
    } else if (column.nulls > 0) {
      const isKey = keyColumns.has(column.name);
      const isReference = referencing.has(where);
      findings.push({
        severity: isKey ? 'error' : isReference ? 'warn' : 'info',
        code: isKey ? 'null_key' : isReference ? 'null_reference' : 'nulls',
        table: name,
        column: column.name,
        count: column.nulls,
        message: `${where} is null on ${t.count(column.nulls, 'row')} (${t.percent(column.nullShare)})${isKey ? ', but it is the table’s key' : ''}`,
      });
    }
    const nonNull = table.rows - column.nulls;
    const dominant =
      column.valueKinds && column.inferredType === 'text' ? dominantKind(column.valueKinds, nonNull) : null;
    if (dominant && dominant.share >= MOSTLY) {
      const others = nonNull - dominant.count;
      findings.push({
        severity: 'warn',
        code: 'mixed_values',
        table: name,
        column: column.name,
        count: others,
        message: `${where} looks like ${dominant.kind} (${t.percent(dominant.share)} of values) but ${t.count(others, 'value')} ${t.verb(others, 'does', 'do')} not`,
      });
    }
  }
  return findings;
}

function relationshipFinding(r: Relationship): Finding | null {
  const from = `${r.fromTable}.${r.fromColumn}`;
  const to = `${r.toTable}.${r.toColumn}`;
  if (r.accepted && r.orphanRows > 0) {
    return {
      severity: 'error',
      code: 'orphan_reference',
      table: r.fromTable,
      column: r.fromColumn,
      count: r.orphanRows,
      message: `${t.count(r.orphanRows, entityName(r.fromTable))} ${t.verb(r.orphanRows, 'references', 'reference')} an unknown ${entityName(r.toTable)} (${from} → ${to}: ${t.count(r.orphanValues, 'value')} not found)`,
      examples: r.orphanExamples,
    };
  }
  if (!r.accepted && r.nameSuggests) {
    return {
      severity: 'warn',
      code: 'weak_reference',
      table: r.fromTable,
      column: r.fromColumn,
      count: r.orphanRows,
      message: `${from} looks like a reference to ${to}, but only ${t.percent(r.coverage)} of its values are found there (${t.count(r.orphanRows, 'row')} not found)`,
      examples: r.orphanExamples,
    };
  }
  return null;
}
