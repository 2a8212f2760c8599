import type { Plan, PlannedStatement } from './plan-types';

/** The plan as a SQL script (what `--dry-run` prints and golden files hold). */
export function formatPlan(plan: Plan): string {
  const out: string[] = [
    `-- build plan: project ${plan.project}, dialect ${plan.dialect}, ${plan.steps.length} steps`,
  ];
  for (const warning of plan.warnings) out.push(`-- warning: ${warning}`);
  const foldsShown = new Set<string>();
  if (plan.setup.length > 0) out.push('', '-- setup', ...plan.setup.map(statement));
  for (const step of plan.steps) {
    const after = step.dependsOn.length > 0 ? `; after ${step.dependsOn.join(', ')}` : '';
    out.push('');
    if (step.resourceType === 'model' || step.resourceType === 'seed') {
      const kind =
        step.resourceType === 'seed'
          ? `seed, ${step.csv.split('\n').filter(Boolean).length - 1} rows`
          : step.materialized;
      out.push(`-- ${step.uniqueId} (${kind}, ${step.file}${after})`);
      for (const planned of step.statements) out.push(...guardNote(planned), statement(planned));
      for (const recovery of step.recoveries) {
        out.push(
          `--   if statement ${recovery.at + 1} fails with ${recovery.codes.join(' or ')} (${recovery.reason}), instead:`,
          ...recovery.statements.map((s) =>
            s.guard || s.guards
              ? `--     <guard: count ${guardNames(s)}'s failing rows in the new table; when any: ${(s.guard ?? s.guards?.[0])?.dropNew}, keep the previous table>;`
              : commented(
                  `${s.body ? `${s.sql.slice(0, s.body.offset).trimEnd()} <the model's SQL above>` : s.sql};`,
                ),
          ),
        );
      }
    } else if (step.resourceType === 'unit_test') {
      out.push(
        `-- ${step.uniqueId} (unit test of ${step.model}, ${step.file}:${step.line}; expects ${step.expectRows.length} rows)`,
        statement(step.query),
      );
    } else {
      if (step.fold && !foldsShown.has(step.fold.key)) {
        foldsShown.add(step.fold.key);
        out.push('', `-- one scan of ${step.fold.relation} for the tests below marked "folded"`);
        out.push(statement(step.fold.statement));
      }
      const folded = step.fold ? `; folded: ${step.fold.column} of the scan, alone only when not 0` : '';
      out.push(
        `-- ${step.uniqueId} (severity ${step.severity}, ${step.file}:${step.line}${after}${folded})`,
        ...(step.store ?? []).map(statement),
        statement(step.count),
        '-- when failures > 0:',
        statement(step.sample),
      );
    }
  }
  return `${out.join('\n')}\n`;
}

/** Above a guard: what happens when it finds rows (the swap after it is then not run). */
function guardNote(planned: PlannedStatement): string[] {
  const guard = planned.guard ?? planned.guards?.[0];
  if (!guard) return [];
  const counts = planned.guards ? 'a count' : 'failures';
  return [
    `-- guard: ${guardNames(planned)} on the new table before the swap; when ${counts} > 0: sample the first rows, ${guard.dropNew}, keep the previous table (the model errors)`,
  ];
}

/** A fallback statement, every line of it commented, so the printed plan stays a script. */
function commented(sql: string): string {
  return sql
    .split('\n')
    .map((line) => `--     ${line}`)
    .join('\n');
}

function guardNames(planned: PlannedStatement): string {
  if (planned.guard) return `test ${planned.guard.name}`;
  return `tests ${(planned.guards ?? []).map((guard) => guard.name).join(', ')} (one scan)`;
}

function statement(planned: PlannedStatement): string {
  return `${planned.sql};`;
}
