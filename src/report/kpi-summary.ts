import { formatValue, type ValueKind } from './format-value';
import type { KpiData, KpiRow } from './read-kpis';

/** One line of the single-row KPIs' table. */
export type SummaryLine = { measure: string; value: string };

const lines: readonly [keyof KpiData, string, string, ValueKind][] = [
  ['customerSummary', 'customers', 'Customers with an order', 'integer'],
  ['customerSummary', 'repeat_customers', 'Repeat customers', 'integer'],
  ['customerSummary', 'repeat_rate', 'Repeat rate', 'percent'],
  ['customerSummary', 'avg_lifetime_spend', 'Avg lifetime spend', 'money'],
  ['customerSummary', 'avg_order_value', 'Avg order value', 'money'],
  ['supplyCost', 'perishable_supply_cost', 'Perishable supply cost', 'money'],
  ['supplyCost', 'non_perishable_supply_cost', 'Non-perishable supply cost', 'money'],
  ['supplyCost', 'perishable_share', 'Perishable share of supply cost', 'percent'],
  ['foodDrinkMix', 'food_revenue', 'Food revenue', 'money'],
  ['foodDrinkMix', 'drink_revenue', 'Drink revenue', 'money'],
  ['foodDrinkMix', 'food_share', 'Food share of revenue', 'percent'],
];

/** customer_summary, supply_cost and food_drink_mix as measure/value lines (formatted, not escaped). */
export function kpiSummary(data: KpiData): SummaryLine[] {
  return lines.map(([kpi, field, measure, kind]) => {
    const row = data[kpi] as KpiRow | undefined;
    return { measure, value: formatValue(row?.[field], kind) };
  });
}
