/**
 * Why the star schema is shaped as it is. The prose is written once here; every table and column
 * it relies on is listed in `mentions` (`table` or `table.column`, marts or raw), and the schema
 * document marks a choice whose mentions the project no longer has — so the explanation cannot
 * silently drift from the models.
 */
export type ModelingChoice = { title: string; text: string; mentions: readonly string[] };

export const MODELING_CHOICES: readonly ModelingChoice[] = [
  {
    title: 'Order-item grain for the central fact',
    text:
      'fct_order_items has one row per item sold: the finest grain the raw data has (raw_items). ' +
      'Product mix, food/drink shares and per-product margins need it, and every coarser question ' +
      '(orders, customers, stores, days) is a sum over it. fct_orders is kept beside it at order grain ' +
      'for what only an order has (tax, order_total, the customer order sequence), and the singular test ' +
      'assert_fct_orders_reconcile_with_items checks that the two facts agree.',
    mentions: [
      'fct_order_items',
      'fct_orders',
      'fct_orders.tax_paid',
      'fct_orders.customer_order_number',
      'raw_items',
    ],
  },
  {
    title: 'Supply costs become per-unit product costs',
    text:
      'raw_supplies lists, per (supply id, sku), what one unit of a product uses; one supply id serves ' +
      'several products, so (id, sku) is its key. int_product_supply_costs sums the costs per sku, giving ' +
      'dim_products.supply_cost per unit sold; every item sold then costs its product’s unit cost ' +
      '(fct_order_items.supply_cost), and an order costs the sum of its items (fct_orders.order_cost).',
    mentions: [
      'raw_supplies.id',
      'raw_supplies.sku',
      'raw_supplies.cost',
      'dim_products.supply_cost',
      'fct_order_items.supply_cost',
      'fct_orders.order_cost',
    ],
  },
  {
    title: 'Perishable costs kept apart',
    text:
      'raw_supplies.perishable splits each unit cost in two additive parts, perishable_supply_cost and ' +
      'non_perishable_supply_cost (their sum is supply_cost, a tested expression), carried on the product ' +
      'and on every item sold, so waste-prone spend can be summed by store, product or day without a join.',
    mentions: [
      'raw_supplies.perishable',
      'dim_products.perishable_supply_cost',
      'dim_products.non_perishable_supply_cost',
      'fct_order_items.perishable_supply_cost',
      'fct_order_items.non_perishable_supply_cost',
    ],
  },
  {
    title: 'Taxes kept as paid, revenue before tax',
    text:
      'Tax is collected per order, so it stays on fct_orders as paid (tax_paid) next to subtotal and ' +
      'order_total, with order_total = subtotal + tax_paid tested; it is never spread over items. Revenue ' +
      'means subtotal (before tax); the store’s tax_rate is an attribute of dim_stores, and dim_stores ' +
      'keeps revenue, tax_collected and gross_revenue side by side.',
    mentions: [
      'fct_orders.tax_paid',
      'fct_orders.subtotal',
      'fct_orders.order_total',
      'dim_stores.tax_rate',
      'dim_stores.tax_collected',
      'dim_stores.gross_revenue',
    ],
  },
  {
    title: 'Money converted once, in staging',
    text:
      'The raw files carry integer cents. The staging views convert them to dollars once ' +
      '(numeric(12,2), rounded to the cent) and nothing downstream divides again, so every mart and KPI ' +
      'speaks dollars and no model can mix units; sums in the marts are numeric(18,2).',
    mentions: ['raw_orders.subtotal', 'raw_products.price', 'raw_supplies.cost', 'fct_orders.subtotal'],
  },
  {
    title: 'Denormalized facts, conformed dimensions',
    text:
      'The facts carry the keys of every dimension they relate to (customer, store, product, date) and ' +
      'the few attributes most questions filter on (product_type, the food/drink flags), so most KPIs ' +
      'read one table. Dimensions keep members without facts (a customer who never ordered, a store ' +
      'without orders yet) and dim_dates has every day between the first and last order.',
    mentions: ['fct_order_items.product_type', 'fct_order_items.is_food_item', 'dim_customers', 'dim_dates'],
  },
];
