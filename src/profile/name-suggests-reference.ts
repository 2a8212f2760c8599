import { entityName } from './entity-name';
import { isIdLike } from './key-search';

/** Key names too generic to link two tables by name alone. */
const GENERIC_KEYS = new Set(['id', 'key', 'code', 'name', 'uuid']);

/**
 * Whether a column's name points at a key of another table:
 * - it carries the key's own (specific) name: `sku` → raw_products.sku;
 * - it names the entity, with or without an id suffix, and the key is an identifier: `customer`,
 *   `customer_id`, `customerId` → raw_customers.id (but not → raw_customers.name);
 * - it names entity and key: `product_sku` → raw_products.sku.
 */
export function nameSuggestsReference(column: string, toTable: string, toColumn: string): boolean {
  const name = column.toLowerCase();
  const key = toColumn.toLowerCase();
  const entity = entityName(toTable);
  if (name === key && !GENERIC_KEYS.has(key)) return true;
  const base = name.replace(/_?(id|key|uuid)$/, '');
  if (base === entity && base !== '' && isIdLike(key)) return true;
  return name === `${entity}_${key}` || name === `${entity}${key}`;
}
