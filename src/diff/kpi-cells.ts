import type { KpiResults } from '../kpis/compute-kpis';
import type { KpiColumnType, KpiSpec } from '../kpis/kpi-spec';
import type { KpiRow } from '../kpis/kpi-values';

/** A number of kpis.json in exact integer units: cents for money, 1/10,000 for ratios, counts. */
export interface KpiCell {
  kpi: string;
  /** The row's text columns joined by " · " (empty for a `one` KPI; `total` for a summed row). */
  row: string;
  column: string;
  type: Exclude<KpiColumnType, 'text'>;
  units: number;
}

/** How many integer units one KPI unit holds: money has cents, ratios 4 decimals. */
export const UNITS_PER: Record<KpiCell['type'], number> = { integer: 1, money: 100, ratio: 10_000 };

/** Back from integer units to the KPI's own number (dollars, a fraction, a count). */
export const fromUnits = (units: number, type: KpiCell['type']) =>
  Number((units / UNITS_PER[type]).toFixed(type === 'ratio' ? 4 : type === 'money' ? 2 : 0));

export const cellKey = (cell: Pick<KpiCell, 'kpi' | 'row' | 'column'>) =>
  `${cell.kpi}\u0000${cell.row}\u0000${cell.column}`;

/**
 * Every number of a KPI result as a cell. A `rows` KPI also gets a `total` row per count and money
 * column (an average, avg_*, is not summed; neither is a ratio): the headline a delta is read on.
 */
export function kpiCells(results: KpiResults, specs: readonly KpiSpec[]): KpiCell[] {
  const cells: KpiCell[] = [];
  for (const spec of specs) {
    const value = results.kpis[spec.name];
    if (value === undefined || value === null) continue;
    const rows: KpiRow[] = Array.isArray(value) ? value : [value];
    const textColumns = spec.columns.filter((c) => c.type === 'text').map((c) => c.name);
    const totals = new Map<string, KpiCell>();
    for (const row of rows) {
      const label =
        spec.shape === 'one' ? '' : textColumns.map((name) => String(row[name] ?? '')).join(' · ');
      for (const column of spec.columns) {
        if (column.type === 'text') continue;
        const number = row[column.name];
        if (typeof number !== 'number') continue;
        const units = Math.round(number * UNITS_PER[column.type]);
        cells.push({ kpi: spec.name, row: label, column: column.name, type: column.type, units });
        if (spec.shape === 'rows' && column.type !== 'ratio' && !column.name.startsWith('avg_')) {
          const total = totals.get(column.name) ?? {
            kpi: spec.name,
            row: 'total',
            column: column.name,
            type: column.type,
            units: 0,
          };
          total.units += units;
          totals.set(column.name, total);
        }
      }
    }
    cells.push(...totals.values());
  }
  return cells;
}
