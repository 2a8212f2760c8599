import { cellKey, type KpiCell } from './kpi-cells';

/** The four KPI results an attribution compares, as cells (see kpi-cells.ts). */
export interface FourWorlds {
  /** Base code on base data: the base run. */
  base: KpiCell[];
  /** Base code on the new data. */
  baseCodeNewData: KpiCell[];
  /** New code on the base data. */
  newCodeBaseData: KpiCell[];
  /** New code on the new data: the current run. */
  current: KpiCell[];
}

/** One KPI number's change split in integer units: delta = dataEffect + codeEffect + interaction. */
export interface Attribution {
  kpi: string;
  row: string;
  column: string;
  type: KpiCell['type'];
  base: number;
  current: number;
  delta: number;
  dataEffect: number;
  codeEffect: number;
  interaction: number;
}

/**
 * Splits each KPI number's change: data effect = KPI(base code, new data) − KPI(base);
 * code effect = KPI(new code, base data) − KPI(base); interaction = the rest. In integer units
 * the three add up exactly to the delta, and when only the data (or only the code) changed the
 * other effect is exactly 0. A number absent from a world (a new month, a dropped column) counts
 * as 0 there.
 */
export function attribute(worlds: FourWorlds): Attribution[] {
  const index = (cells: KpiCell[]) => new Map(cells.map((cell) => [cellKey(cell), cell]));
  const maps = {
    base: index(worlds.base),
    data: index(worlds.baseCodeNewData),
    code: index(worlds.newCodeBaseData),
    current: index(worlds.current),
  };
  const keys = new Map<string, KpiCell>();
  for (const cells of [worlds.current, worlds.base, worlds.baseCodeNewData, worlds.newCodeBaseData]) {
    for (const cell of cells) if (!keys.has(cellKey(cell))) keys.set(cellKey(cell), cell);
  }
  return [...keys].map(([key, cell]) => {
    const units = (map: Map<string, KpiCell>) => map.get(key)?.units ?? 0;
    const base = units(maps.base);
    const current = units(maps.current);
    const delta = current - base;
    const dataEffect = units(maps.data) - base;
    const codeEffect = units(maps.code) - base;
    return {
      kpi: cell.kpi,
      row: cell.row,
      column: cell.column,
      type: cell.type,
      base,
      current,
      delta,
      dataEffect,
      codeEffect,
      interaction: delta - dataEffect - codeEffect,
    };
  });
}
