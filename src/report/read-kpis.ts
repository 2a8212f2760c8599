import { toNumber } from './format-value';

/** A KPI row as the report reads it: any fields, numbers possibly still strings. */
export type KpiRow = Record<string, unknown>;

/** The KPIs the report shows, found in target/kpis.json's `kpis` object. */
export type KpiData = {
  revenueByStoreMonth: KpiRow[];
  storePerformance: KpiRow[];
  productPerformance: KpiRow[];
  customerSummary?: KpiRow;
  supplyCost?: KpiRow;
  foodDrinkMix?: KpiRow;
};

/** Reads the KPIs leniently: a missing or malformed KPI becomes an empty list or undefined. */
export function readKpis(kpis: Record<string, unknown>): KpiData {
  return {
    revenueByStoreMonth: rowsOf(kpis.revenue_by_store_month),
    storePerformance: rowsOf(kpis.store_performance),
    productPerformance: rowsOf(kpis.product_performance),
    customerSummary: oneOf(kpis.customer_summary),
    supplyCost: oneOf(kpis.supply_cost),
    foodDrinkMix: oneOf(kpis.food_drink_mix),
  };
}

/** Σ `field` over `rows` (undefined when no row has a number there). */
export function sumOf(rows: readonly KpiRow[], field: string): number | undefined {
  const values = rows
    .map((row) => toNumber(row[field]))
    .filter((value): value is number => value !== undefined);
  return values.length === 0 ? undefined : values.reduce((total, value) => total + value, 0);
}

function rowsOf(value: unknown): KpiRow[] {
  return Array.isArray(value) ? value.filter(isRow) : [];
}

function oneOf(value: unknown): KpiRow | undefined {
  if (Array.isArray(value)) return value.find(isRow);
  return isRow(value) ? value : undefined;
}

function isRow(value: unknown): value is KpiRow {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
