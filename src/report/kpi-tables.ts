import { escapeHtml } from '../html/escape-html';
import { toNumber } from './format-value';
import { htmlTable, type TableColumn } from './html-table';
import type { KpiData, KpiRow } from './read-kpis';

const storeColumns: TableColumn[] = [
  { field: 'store', label: 'Store', kind: 'text' },
  { field: 'orders', label: 'Orders', kind: 'integer' },
  { field: 'revenue', label: 'Revenue', kind: 'money' },
  { field: 'avg_order_value', label: 'Avg order value', kind: 'money' },
  { field: 'tax_rate', label: 'Tax rate', kind: 'rate' },
  { field: 'effective_tax_rate', label: 'Effective tax rate', kind: 'rate' },
];

const productColumns: TableColumn[] = [
  { field: 'product_name', label: 'Product', kind: 'text' },
  { field: 'product_id', label: 'SKU', kind: 'text' },
  { field: 'product_type', label: 'Type', kind: 'text' },
  { field: 'units_sold', label: 'Units sold', kind: 'integer' },
  { field: 'revenue', label: 'Revenue', kind: 'money' },
  { field: 'supply_cost', label: 'Supply cost', kind: 'money' },
  { field: 'gross_margin', label: 'Gross margin', kind: 'money' },
  { field: 'margin_rate', label: 'Margin', kind: 'percent' },
];

const monthColumns: TableColumn[] = [
  { field: 'store', label: 'Store', kind: 'text' },
  { field: 'month', label: 'Month', kind: 'text' },
  { field: 'orders', label: 'Orders', kind: 'integer' },
  { field: 'revenue', label: 'Revenue', kind: 'money' },
  { field: 'tax', label: 'Tax', kind: 'money' },
  { field: 'gross_revenue', label: 'Gross revenue', kind: 'money' },
];

const summaryColumns: TableColumn[] = [
  { field: 'measure', label: 'Measure', kind: 'text' },
  { field: 'value', label: 'Value', kind: 'text' },
];

/** The KPI tables as HTML sections (a KPI that is missing says so instead of its table). */
export function kpiTables(data: KpiData, summary: readonly { measure: string; value: string }[]): string {
  const products = data.productPerformance.map(withMarginRate);
  return [
    section('Store performance', 'store_performance', data.storePerformance, storeColumns),
    section('Product performance', 'product_performance', products, productColumns),
    section('Customers, supply cost and product mix', 'summary', summary, summaryColumns),
    `<details class="table-details"><summary>Revenue by store and month (${data.revenueByStoreMonth.length} rows)</summary>
${body('revenue_by_store_month', data.revenueByStoreMonth, monthColumns)}
</details>`,
  ].join('\n');
}

function section(
  title: string,
  id: string,
  rows: readonly KpiRow[],
  columns: readonly TableColumn[],
): string {
  return `<h3>${escapeHtml(title)}</h3>\n${body(id, rows, columns)}`;
}

function body(id: string, rows: readonly KpiRow[], columns: readonly TableColumn[]): string {
  if (rows.length === 0) return `<p class="missing">No ${escapeHtml(id)} rows in the KPI file.</p>`;
  return `<div class="table-wrap">${htmlTable(columns, rows, id)}</div>`;
}

function withMarginRate(row: KpiRow): KpiRow {
  const revenue = toNumber(row.revenue);
  const margin = toNumber(row.gross_margin);
  return { ...row, margin_rate: revenue && margin !== undefined ? margin / revenue : undefined };
}
