import type { Attribution } from './attribution';
import { fromUnits, type KpiCell } from './kpi-cells';
import type { DiffResult } from './run-diff';
import type { SegmentEffect } from './segments';

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const count = new Intl.NumberFormat('en-US');

/** A KPI number written for people: $1,234.56, 61.40 %, 20,120; signed when it is a change. */
export function formatUnits(units: number, type: KpiCell['type'], signed = false): string {
  const value = fromUnits(units, type);
  const sign = signed && units > 0 ? '+' : signed && units < 0 ? '−' : '';
  const magnitude = signed ? Math.abs(value) : value;
  if (type === 'money') return `${sign}${money.format(magnitude)}`;
  if (type === 'ratio') return `${sign}${(magnitude * 100).toFixed(2)}${signed ? ' pts' : ' %'}`;
  return `${sign}${count.format(magnitude)}`;
}

/** `product_performance total gross_margin`, `customer_summary repeat_rate`. */
export const attributionLabel = (a: Pick<Attribution, 'kpi' | 'row' | 'column'>) =>
  [a.kpi, a.row, a.column].filter((part) => part !== '').join(' · ');

/**
 * The KPI numbers people read first: whole-KPI numbers (`one` KPIs and the totals of row KPIs)
 * that changed, in kpis.yml order. Per-row changes stay in diff.json.
 */
export function headlineChanges(kpis: readonly Attribution[]): Attribution[] {
  return kpis.filter((a) => (a.row === '' || a.row === 'total') && a.delta !== 0);
}

/** One table row per headline change, every number formatted (the report and notebooks show it). */
export function attributionRows(kpis: readonly Attribution[]) {
  return headlineChanges(kpis).map((a) => ({
    kpi: attributionLabel(a),
    base: formatUnits(a.base, a.type),
    current: formatUnits(a.current, a.type),
    delta: formatUnits(a.delta, a.type, true),
    data_effect: formatUnits(a.dataEffect, a.type, true),
    code_effect: formatUnits(a.codeEffect, a.type, true),
    interaction: formatUnits(a.interaction, a.type, true),
  }));
}

export function segmentRows(segments: readonly SegmentEffect[]) {
  return segments.map((s) => ({
    dimension: s.dimension.replace('_', ' '),
    segment: s.segment,
    base: formatUnits(s.baseCents, 'money'),
    new_data: formatUnits(s.newDataCents, 'money'),
    data_effect: formatUnits(s.effectCents, 'money', true),
  }));
}

/** The terminal summary of a diff. */
export function formatDiff(result: DiffResult): string[] {
  const lines = [`Compared with run ${result.base.runId} (kept ${result.base.createdAt}):`];
  for (const mart of result.marts) {
    if (mart.skipped) {
      lines.push(`  ${mart.mart}: not compared (${mart.skipped})`);
      continue;
    }
    const columns = mart.columns.map((c) => `${c.column} ${count.format(c.changed)}`).join(', ');
    lines.push(
      `  ${mart.mart}: +${count.format(mart.added)} −${count.format(mart.removed)} ~${count.format(mart.changed)} rows` +
        (columns ? ` (${columns})` : '') +
        (mart.addedColumns.length ? `; new columns ${mart.addedColumns.join(', ')}` : '') +
        (mart.removedColumns.length ? `; dropped columns ${mart.removedColumns.join(', ')}` : ''),
    );
  }
  const rows = attributionRows(result.kpis);
  lines.push(rows.length ? 'KPIs that changed:' : 'No KPI changed.');
  for (const row of rows) {
    lines.push(
      `  ${row.kpi}: ${row.base} → ${row.current} (${row.delta})` +
        (result.attributed
          ? ` = data ${row.data_effect} + code ${row.code_effect} + interaction ${row.interaction}`
          : ''),
    );
  }
  if (result.segments.length) {
    lines.push('Where the data changed revenue most (base code on both extracts):');
    for (const row of segmentRows(result.segments)) {
      lines.push(`  ${row.dimension} ${row.segment}: ${row.base} → ${row.new_data} (${row.data_effect})`);
    }
  }
  lines.push(`Took ${result.seconds.total} s (attribution ${result.seconds.attribution} s).`);
  return lines;
}

/** The steps of a waterfall from the base value to the current one (for waterfallChart). */
export function waterfallRows(a: Attribution): { step: string; value: number }[] {
  return [
    { step: 'Base run', value: fromUnits(a.base, a.type) },
    { step: 'Data effect', value: fromUnits(a.dataEffect, a.type) },
    { step: 'Code effect', value: fromUnits(a.codeEffect, a.type) },
    { step: 'Interaction', value: fromUnits(a.interaction, a.type) },
  ];
}
