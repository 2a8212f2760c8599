import type { ColumnType } from '../warehouse/dialect';

/**
 * The raw data contract: six CSV files of the "jaffle shop" layout, one raw table each. Types are
 * enforced by PostgreSQL's COPY, so a bad value is reported with its line and column without any
 * per-row JavaScript work. `maxLength` sizes VARCHAR columns where unbounded text is not an option
 * (Redshift).
 */
export type { ColumnType };

export interface ContractColumn {
  name: string;
  type: ColumnType;
  description: string;
  /** Bytes a text value may take (Redshift VARCHAR lengths count bytes, not characters). */
  maxLength?: number;
  /** Digits after the decimal point of a numeric (Redshift's bare numeric is numeric(18,0)). */
  scale?: number;
}

export interface ContractTable {
  table: string;
  file: string;
  description: string;
  columns: ContractColumn[];
  /** Columns that identify a row (for profiling, tests and Redshift sort keys). */
  key: string[];
}

const text = (name: string, description: string, maxLength = 256): ContractColumn => ({
  name,
  type: 'text',
  description,
  maxLength,
});
const cents = (name: string, description: string): ContractColumn => ({ name, type: 'bigint', description });

export const RAW_SCHEMA = 'raw';

export const RAW_CONTRACT: readonly ContractTable[] = [
  {
    table: 'raw_customers',
    file: 'raw_customers.csv',
    description: 'One row per customer.',
    key: ['id'],
    columns: [text('id', 'Customer id (opaque text).', 64), text('name', 'Customer name (any Unicode).')],
  },
  {
    table: 'raw_orders',
    file: 'raw_orders.csv',
    description: 'One row per order.',
    key: ['id'],
    columns: [
      text('id', 'Order id.', 64),
      text('customer', 'Customer id (→ raw_customers.id).', 64),
      { name: 'ordered_at', type: 'timestamp', description: 'Local time of the order (ISO 8601).' },
      text('store_id', 'Store id (→ raw_stores.id).', 64),
      cents('subtotal', 'Sum of item prices, in cents.'),
      cents('tax_paid', 'Tax, in cents.'),
      cents('order_total', 'subtotal + tax_paid, in cents.'),
    ],
  },
  {
    table: 'raw_items',
    file: 'raw_items.csv',
    description: 'One row per item sold.',
    key: ['id'],
    columns: [
      text('id', 'Item id.', 64),
      text('order_id', 'Order id (→ raw_orders.id).', 64),
      text('sku', 'Product sku (→ raw_products.sku).', 64),
    ],
  },
  {
    table: 'raw_products',
    file: 'raw_products.csv',
    description: 'One row per product on the menu.',
    key: ['sku'],
    columns: [
      text('sku', 'Product sku.', 64),
      text('name', 'Product name.'),
      text('type', '`jaffle` (food) or `beverage` (drink).', 32),
      cents('price', 'Price, in cents.'),
      text('description', 'Menu description.', 4096),
    ],
  },
  {
    table: 'raw_stores',
    file: 'raw_stores.csv',
    description: 'One row per store.',
    key: ['id'],
    columns: [
      text('id', 'Store id.', 64),
      text('name', 'Store name.'),
      { name: 'opened_at', type: 'timestamp', description: 'When the store opened.' },
      {
        name: 'tax_rate',
        type: 'numeric',
        description: 'Sales tax rate as a fraction (0.0625).',
        scale: 6,
      },
    ],
  },
  {
    table: 'raw_supplies',
    file: 'raw_supplies.csv',
    description: 'Supplies used by products; one supply id serves several products.',
    key: ['id', 'sku'],
    columns: [
      text('id', 'Supply id.', 64),
      text('name', 'Supply name.'),
      cents('cost', 'Cost per unit used, in cents.'),
      { name: 'perishable', type: 'boolean', description: '`True` when the supply is perishable.' },
      text('sku', 'Product sku (→ raw_products.sku).', 64),
    ],
  },
];

/** What a value of each type must look like, for error messages. */
export const EXPECTED_VALUE: Record<ColumnType, string> = {
  text: 'text',
  bigint: 'a whole number (cents, no decimal point)',
  timestamp: 'an ISO 8601 timestamp such as 2024-09-01T08:22:00',
  numeric: 'a decimal number such as 0.0625',
  boolean: 'True or False',
};
