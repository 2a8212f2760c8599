import type { KpiColumnType, KpiSpec } from './kpi-spec';

export type KpiValue = string | number | null;
export type KpiRow = Record<string, KpiValue>;

/**
 * Turns driver rows (pg returns numeric and bigint as strings) into the JSON values kpis.json
 * promises: money rounded to cents, ratios to 4 decimals, integers as numbers. The query's
 * columns must be exactly the declared ones, in order, so a drifted query fails loudly here.
 */
export function convertKpiRows(spec: KpiSpec, fields: string[], rows: Record<string, unknown>[]): KpiRow[] {
  const declared = spec.columns.map((column) => column.name);
  if (declared.join(',') !== fields.join(',')) {
    throw new Error(
      `KPI ${spec.name}: the query returns columns (${fields.join(', ')}) but kpis.yml declares (${declared.join(', ')}). ` +
        'Make sql/analysis/' +
        `${spec.name}.sql and kpis.yml agree.`,
    );
  }
  return rows.map((row, index) => {
    const out: KpiRow = {};
    for (const column of spec.columns) {
      out[column.name] = convertValue(
        row[column.name],
        column.type,
        `KPI ${spec.name}, row ${index + 1}, ${column.name}`,
      );
    }
    return out;
  });
}

export function convertValue(value: unknown, type: KpiColumnType, where: string): KpiValue {
  if (value === null || value === undefined) return null;
  if (type === 'text') return String(value);
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) throw new Error(`${where}: expected a number, got ${JSON.stringify(value)}.`);
  if (type === 'integer') {
    if (!Number.isSafeInteger(number))
      throw new Error(`${where}: expected an integer, got ${JSON.stringify(value)}.`);
    return number;
  }
  return roundTo(number, type === 'money' ? 2 : 4);
}

/** Decimal rounding half away from zero that survives binary floats (1.005 → 1.01). */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(Math.abs(value) * factor + 1e-9) / factor;
  return Math.sign(value) * rounded || 0;
}
