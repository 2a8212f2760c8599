import type { DesignEntity, SchemaDesign } from './schema-design';

export type Box = {
  entity: DesignEntity;
  x: number;
  y: number;
  width: number;
  height: number;
  side: 'left' | 'center' | 'right';
};

export type ErLayout = { boxes: Map<string, Box>; width: number; height: number };

export const ER = {
  margin: 24,
  header: 44,
  row: 18,
  /** Monospace text at 12px: about 7.2px a character. */
  charWidth: 7.2,
  gutter: 170,
  gap: 36,
  legend: 40,
} as const;

/** The y of a column's row (its text baseline sits 5px below). */
export function rowY(box: Box, column: string): number {
  const index = box.entity.columns.findIndex((c) => c.name === column);
  return box.y + ER.header + ER.row * (Math.max(index, 0) + 0.5);
}

/**
 * Places the facts in a middle column, stacked, and the dimensions in a column either side: each
 * dimension wants to sit level with the fact rows that reference it, dimensions are dealt to the
 * left and right in that order (balancing the sides), then stacked without overlap.
 */
export function layoutEr(design: SchemaDesign): ErLayout {
  const facts = design.entities.filter((e) => e.kind === 'fact');
  const dims = design.entities.filter((e) => e.kind === 'dimension');
  const boxes = new Map<string, Box>();
  const sized = (entity: DesignEntity, side: Box['side']): Box => ({
    entity,
    x: 0,
    y: 0,
    width: boxWidth(entity),
    height: ER.header + ER.row * entity.columns.length + 8,
    side,
  });

  const center = facts.map((f) => sized(f, 'center'));
  const centerWidth = Math.max(0, ...center.map((b) => b.width));
  let y: number = ER.margin;
  for (const box of center) {
    box.y = y;
    y += box.height + ER.gap * 2;
    boxes.set(box.entity.name, box);
  }

  const wanted = dims.map((dim) => {
    const ys = design.relationships.flatMap((r) => {
      const from = boxes.get(r.from);
      return r.to === dim.name && from ? [rowY(from, r.fromColumn)] : [];
    });
    return { dim, y: ys.length > 0 ? ys.reduce((a, b) => a + b, 0) / ys.length : Number.POSITIVE_INFINITY };
  });
  wanted.sort((a, b) => a.y - b.y || a.dim.name.localeCompare(b.dim.name));
  const left: Box[] = [];
  const right: Box[] = [];
  for (const [i, { dim }] of wanted.entries()) {
    if (i % 2 === 0) left.push(sized(dim, 'left'));
    else right.push(sized(dim, 'right'));
  }
  const leftWidth = Math.max(0, ...left.map((b) => b.width));
  const centerX = ER.margin + (left.length > 0 ? leftWidth + ER.gutter : 0);
  const rightX = centerX + centerWidth + ER.gutter;
  for (const box of center) box.x = centerX + (centerWidth - box.width) / 2;
  const stack = (column: Box[], x: (box: Box) => number) => {
    let next: number = ER.margin;
    for (const box of column) {
      const target = wanted.find((w) => w.dim === box.entity)?.y ?? next;
      // Centre the box on its wanted row where that leaves room, never above the previous box.
      box.y = Math.max(next, Number.isFinite(target) ? target - box.height / 2 : next);
      box.x = x(box);
      next = box.y + box.height + ER.gap;
      boxes.set(box.entity.name, box);
    }
  };
  stack(left, (box) => ER.margin + leftWidth - box.width);
  stack(right, () => rightX);

  const all = [...boxes.values()];
  const width = Math.max(...all.map((b) => b.x + b.width)) + ER.margin + 40;
  const height = Math.max(...all.map((b) => b.y + b.height)) + ER.margin + ER.legend;
  return { boxes, width: Math.ceil(width), height: Math.ceil(height) };
}

function boxWidth(entity: DesignEntity): number {
  const longest = Math.max(
    entity.name.length + 8,
    // Room for most of the grain line (its font is smaller); a longer one is cut, whole in the tooltip.
    Math.min(`${entity.kind} · grain: ${entity.grain}`.length, 52) * 0.92,
    ...entity.columns.map((c) => 4 + c.name.length + 2 + (c.type?.length ?? 0)),
  );
  return Math.ceil(Math.max(200, longest * ER.charWidth + 24));
}
