/** One supply and the products it serves: each becomes one raw_supplies row per sku. */
export interface Supply {
  id: string;
  name: string;
  cost: number;
  perishable: boolean;
  skus: readonly string[];
}

const JAFFLES = ['JAF-001', 'JAF-002', 'JAF-003', 'JAF-004', 'JAF-005', 'JAF-006'];
const BEVERAGES = ['BEV-001', 'BEV-002', 'BEV-003', 'BEV-004'];
const EVERYTHING = [...JAFFLES, ...BEVERAGES];

/**
 * What goes into each product (the same for every seed). A supply serves several products, so
 * the key of raw_supplies is (id, sku).
 */
export const SUPPLIES: readonly Supply[] = [
  { id: 'SUP-001', name: 'compostable cutlery - knife', cost: 7, perishable: false, skus: JAFFLES },
  {
    id: 'SUP-002',
    name: 'serving boat',
    cost: 11,
    perishable: false,
    skus: ['JAF-002', 'JAF-004', 'JAF-005'],
  },
  { id: 'SUP-003', name: 'napkin', cost: 4, perishable: false, skus: EVERYTHING },
  { id: 'SUP-004', name: '16oz compostable clear cup', cost: 13, perishable: false, skus: BEVERAGES },
  { id: 'SUP-005', name: '16oz compostable clear lid', cost: 4, perishable: false, skus: BEVERAGES },
  { id: 'SUP-006', name: 'biodegradable straw', cost: 13, perishable: false, skus: ['BEV-001', 'BEV-002'] },
  { id: 'SUP-007', name: 'chai mix', cost: 98, perishable: true, skus: ['BEV-002'] },
  { id: 'SUP-008', name: 'bread', cost: 33, perishable: true, skus: JAFFLES },
  {
    id: 'SUP-009',
    name: 'cheese',
    cost: 20,
    perishable: true,
    skus: ['JAF-002', 'JAF-003', 'JAF-004', 'JAF-006'],
  },
  { id: 'SUP-010', name: 'nutella', cost: 46, perishable: true, skus: ['JAF-001'] },
  { id: 'SUP-011', name: 'banana', cost: 13, perishable: true, skus: ['JAF-001'] },
  { id: 'SUP-012', name: 'beef stew', cost: 169, perishable: true, skus: ['JAF-002'] },
  { id: 'SUP-013', name: 'lamb and pork bratwurst', cost: 234, perishable: true, skus: ['JAF-003'] },
  {
    id: 'SUP-014',
    name: 'house-pickled red cabbage sauerkraut',
    cost: 43,
    perishable: true,
    skus: ['JAF-003'],
  },
  { id: 'SUP-015', name: 'mustard', cost: 7, perishable: true, skus: ['JAF-003', 'JAF-006'] },
  { id: 'SUP-016', name: 'pulled pork', cost: 215, perishable: true, skus: ['JAF-004'] },
  { id: 'SUP-017', name: 'pineapple', cost: 26, perishable: true, skus: ['JAF-004', 'BEV-001'] },
  { id: 'SUP-018', name: 'melon', cost: 33, perishable: true, skus: ['JAF-005'] },
  { id: 'SUP-019', name: 'minced beef', cost: 124, perishable: true, skus: ['JAF-005'] },
  { id: 'SUP-020', name: 'ghost pepper sauce', cost: 20, perishable: true, skus: ['JAF-004'] },
  { id: 'SUP-021', name: 'mango', cost: 32, perishable: true, skus: ['BEV-001'] },
  { id: 'SUP-022', name: 'tangerine', cost: 20, perishable: true, skus: ['BEV-001'] },
  { id: 'SUP-023', name: 'oatmilk', cost: 11, perishable: true, skus: ['BEV-002', 'BEV-004'] },
  { id: 'SUP-024', name: 'whey protein', cost: 36, perishable: true, skus: ['BEV-002'] },
  { id: 'SUP-025', name: 'coffee beans', cost: 56, perishable: true, skus: ['BEV-003', 'BEV-004'] },
  { id: 'SUP-026', name: 'whole milk', cost: 9, perishable: true, skus: ['BEV-004'] },
  { id: 'SUP-027', name: 'paper coffee filter', cost: 2, perishable: false, skus: ['BEV-003'] },
  { id: 'SUP-028', name: 'three-cheese blend', cost: 58, perishable: true, skus: ['JAF-006'] },
];
