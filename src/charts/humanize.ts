const acronyms = new Set(['id', 'aov', 'sku', 'kpi']);

/**
 * A field name as an axis title: `avg_order_value` → `Avg order value`, `product_id` → `Product ID`.
 * A metric query's group-by (`entity__dimension`, `metric_time__month`) is titled by its dimension:
 * `store__store_name` → `Store name`, not `Store store name`.
 */
export function humanize(field: string): string {
  const dimension = field.includes('__') ? field.slice(field.lastIndexOf('__') + 2) : field;
  const words = (dimension || field)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[_\s-]+/)
    .filter((word) => word !== '')
    .map((word) => (acronyms.has(word.toLowerCase()) ? word.toUpperCase() : word.toLowerCase()));
  const [first, ...rest] = words;
  if (first === undefined) return field;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(' ');
}
