/** A product on the menu; `weight` is its relative popularity within its type. */
export interface Product {
  sku: string;
  name: string;
  type: 'jaffle' | 'beverage';
  price: number;
  description: string;
  weight: number;
}

/**
 * The café's menu (the same for every seed). Descriptions deliberately include commas, double
 * quotes and trailing spaces, as hand-typed extracts do, so loaders must honour CSV quoting.
 */
export const MENU: readonly Product[] = [
  {
    sku: 'JAF-001',
    name: 'nutellaphone who dis?',
    type: 'jaffle',
    price: 1100,
    description: 'nutella and banana jaffle, toasted golden ',
    weight: 5,
  },
  {
    sku: 'JAF-002',
    name: 'doctor stew',
    type: 'jaffle',
    price: 1100,
    description: 'house-made beef stew jaffle',
    weight: 4,
  },
  {
    sku: 'JAF-003',
    name: 'the krautback',
    type: 'jaffle',
    price: 1200,
    description: 'lamb and pork bratwurst with house-pickled cabbage, sauerkraut and mustard',
    weight: 3,
  },
  {
    sku: 'JAF-004',
    name: 'flame impala',
    type: 'jaffle',
    price: 1400,
    description:
      "pulled pork and pineapple al pastor marinated in ghost pepper sauce, kevin parker's favorite! ",
    weight: 2,
  },
  {
    sku: 'JAF-005',
    name: 'mel-bun',
    type: 'jaffle',
    price: 1200,
    description: 'melon and minced beef bao, in a jaffle, savory and sweet',
    weight: 2,
  },
  {
    sku: 'JAF-006',
    name: 'the "cheesy" one',
    type: 'jaffle',
    price: 950,
    description: 'three cheeses, no regrets — the "classic" toastie',
    weight: 4,
  },
  {
    sku: 'BEV-001',
    name: 'tangaroo',
    type: 'beverage',
    price: 600,
    description: 'mango and tangerine "smoothie"',
    weight: 3,
  },
  {
    sku: 'BEV-002',
    name: 'chai and mighty',
    type: 'beverage',
    price: 500,
    description: 'oatmilk chai latte with protein boost',
    weight: 4,
  },
  {
    sku: 'BEV-003',
    name: 'for richer or pourover',
    type: 'beverage',
    price: 700,
    description: 'daily selection of single estate beans for a delicious hot pourover ',
    weight: 5,
  },
  {
    sku: 'BEV-004',
    name: 'flat white',
    type: 'beverage',
    price: 450,
    description: "double ristretto, steamed milk, that's it",
    weight: 6,
  },
];
