import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A tiny hand-written dataset in the raw contract, with known totals, for tests. */
export const MINI_DATASET: Record<string, string> = {
  'raw_customers.csv': 'id,name\nc1,Zoë O\'Brien\nc2,"Smith, Jo"\nc3,Søren\n',
  'raw_stores.csv':
    'id,name,opened_at,tax_rate\ns1,Philadelphia,2024-01-01T00:00:00,0.06\ns2,Brooklyn,2024-03-01T00:00:00,0.04\n',
  'raw_products.csv':
    'sku,name,type,price,description\nJAF-001,nutellaphone who dis?,jaffle,1100,"nutella and banana, toasted "\nBEV-001,tangaroo,beverage,600,"mango and tangerine ""smoothie"""\n',
  'raw_supplies.csv':
    'id,name,cost,perishable,sku\nSUP-001,compostable cutlery,27,False,JAF-001\nSUP-001,compostable cutlery,27,False,BEV-001\nSUP-002,bread,33,True,JAF-001\nSUP-003,mango,150,True,BEV-001\n',
  'raw_orders.csv':
    'id,customer,ordered_at,store_id,subtotal,tax_paid,order_total\no1,c1,2024-01-02T08:00:00,s1,1700,102,1802\no2,c1,2024-02-03T12:30:00,s1,1100,66,1166\no3,c2,2024-03-05T09:15:00,s2,1200,48,1248\n',
  'raw_items.csv':
    'id,order_id,sku\ni1,o1,JAF-001\ni2,o1,BEV-001\ni3,o2,JAF-001\ni4,o3,BEV-001\ni5,o3,BEV-001\n',
};

/** Writes the mini dataset (with optional file overrides; `null` removes a file) to a temp folder. */
export function writeMiniDataset(overrides: Record<string, string | Buffer | null> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'etl-mini-'));
  const files: Record<string, string | Buffer | null> = { ...MINI_DATASET, ...overrides };
  for (const [file, content] of Object.entries(files)) {
    if (content !== null) writeFileSync(join(dir, file), content);
  }
  return dir;
}
