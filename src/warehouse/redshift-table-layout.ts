import type { TableShape } from './dialect';

/** How Redshift spreads a table over its slices and orders it on disk. */
export interface RedshiftTableLayout {
  diststyle: 'auto' | 'even' | 'all' | 'key';
  distkey?: string;
  sortkey: string[];
}

const DISTSTYLES = ['auto', 'even', 'all'];

/**
 * The model's `dist` / `sort` config (dbt-redshift's keys), or defaults from its name and its
 * documented columns:
 * - `dim_*` (small dimensions): DISTSTYLE ALL, a copy on every node, so joins to them never move
 *   rows; sorted on their key (the first documented column).
 * - `fct_*`: DISTKEY on the key they are joined on. A line-level fact (`fct_order_items`) takes its
 *   header's key (`order_id`) so its rows sit on the same slice as the header's; otherwise the first
 *   documented `*_id` column (its own key). SORTKEY on the first `*_at` (time) column, which range
 *   filters on time and merge joins use.
 * - anything else: Redshift's own choice (DISTSTYLE AUTO, no sort key).
 * A big dimension should say `dist='<key>'` in its config: ALL copies the whole table per node.
 */
export function redshiftTableLayout(model: TableShape): RedshiftTableLayout {
  const columns = model.columns.map((column) => column.name);
  const isDimension = model.name.startsWith('dim_');
  const isFact = model.name.startsWith('fct_');
  const layout: RedshiftTableLayout = { diststyle: 'auto', sortkey: [] };
  if (model.dist !== undefined) {
    const dist = model.dist.toLowerCase();
    if (DISTSTYLES.includes(dist)) layout.diststyle = dist as RedshiftTableLayout['diststyle'];
    else Object.assign(layout, { diststyle: 'key', distkey: model.dist });
  } else if (isDimension) {
    layout.diststyle = 'all';
  } else if (isFact) {
    const distkey = factDistKey(model.name, columns);
    if (distkey) Object.assign(layout, { diststyle: 'key', distkey });
  }
  if (model.sort !== undefined) layout.sortkey = [...model.sort];
  else if (isDimension && columns[0]) layout.sortkey = [columns[0]];
  else if (isFact) layout.sortkey = columns.filter((name) => name.endsWith('_at')).slice(0, 1);
  return layout;
}

/** `fct_order_items` → `order_id` (its header's key) when documented, else the first `*_id` column. */
function factDistKey(name: string, columns: string[]): string | undefined {
  const entity = name.replace(/^fct_/, '').replace(/s$/, '');
  const words = entity.split('_');
  const header = words.length > 1 ? `${words.slice(0, -1).join('_')}_id` : undefined;
  if (header && columns.includes(header)) return header;
  return columns.find((column) => column.endsWith('_id'));
}
