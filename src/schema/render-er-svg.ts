import { escapeHtml as e } from '../html/escape-html';
import { type Box, ER, layoutEr, rowY } from './er-layout';
import type { ColumnRole, DesignRelationship, SchemaDesign } from './schema-design';

const MARK: Record<ColumnRole, string> = { key: 'PK', foreign_key: 'FK', measure: 'Σ', attribute: '' };
const STYLE = `
  .entity rect.body { fill: #fff; stroke: #52606d; stroke-width: 1.2; }
  .entity.fact rect.head { fill: #2e5eaa; }
  .entity.dimension rect.head { fill: #3f8f6b; }
  .entity text.name { fill: #fff; font-weight: bold; font-size: 14px; }
  .entity text.grain { fill: #fff; font-size: 11px; }
  .entity text.column { fill: #1f2933; font-size: 12px; }
  .entity text.column.key, .entity text.column.foreign_key { font-weight: bold; }
  .entity text.type { fill: #7b8794; font-size: 11px; }
  .entity text.mark { fill: #2e5eaa; font-size: 10px; font-weight: bold; }
  .relationship path { fill: none; stroke: #7b8794; stroke-width: 1.3; }
  .relationship text { fill: #52606d; font-size: 11px; font-weight: bold; }
  .legend { fill: #52606d; font-size: 11px; }`;

/**
 * The entity-relationship diagram of the design as one SVG document: facts in the middle,
 * dimensions around, every column with its role (PK, FK, Σ measure) and type, and every
 * relationship a line from the foreign key's row to the referenced key's row, with a crow's foot
 * and `N` on the many side and a bar and `1` on the one side. Elements carry `data-*` attributes
 * (entity name and kind, relationship ends) so tests and tools can read the drawing back.
 */
export function renderErSvg(design: SchemaDesign): string {
  const layout = layoutEr(design);
  const lines = design.relationships.map((r, i) => relationshipSvg(r, layout.boxes, i)).filter(Boolean);
  const boxes = [...layout.boxes.values()].map(entitySvg);
  const legendY = layout.height - ER.margin;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" role="img" aria-label="${e(`Entity-relationship diagram of ${design.project}`)}">
<title>${e(`${design.project}: star schema (${design.entities.length} tables, ${design.relationships.length} relationships)`)}</title>
<style>${STYLE}
</style>
<rect width="100%" height="100%" fill="#f5f7fa"/>
${lines.join('\n')}
${boxes.join('\n')}
<text class="legend" x="${ER.margin}" y="${legendY}">PK key · FK foreign key · Σ measure · blue: fact · green: dimension · crow's foot (N) = many rows, bar (1) = exactly one</text>
</svg>
`;
}

function entitySvg(box: Box): string {
  const { entity, x, y, width, height } = box;
  const maxChars = Math.floor((width - 16) / 6.6);
  const grain = `${entity.kind} · grain: ${entity.grain}`;
  const shownGrain = grain.length > maxChars ? `${grain.slice(0, maxChars - 1)}…` : grain;
  const rows = entity.columns.map((column, i) => {
    const baseline = y + ER.header + ER.row * i + 13;
    const mark = MARK[column.role];
    return `  <g class="column-row" data-column="${e(column.name)}" data-role="${column.role}">${
      mark ? `<text class="mark" x="${x + 8}" y="${baseline}">${e(mark)}</text>` : ''
    }<text class="column ${column.role}" x="${x + 30}" y="${baseline}">${e(column.name)}</text>${
      column.type
        ? `<text class="type" x="${x + width - 8}" y="${baseline}" text-anchor="end">${e(column.type)}</text>`
        : ''
    }</g>`;
  });
  return `<g class="entity ${entity.kind}" data-name="${e(entity.name)}" data-kind="${entity.kind}">
  <title>${e(`${entity.name} (${entity.kind}) — grain: ${entity.grain}`)}</title>
  <rect class="body" x="${x}" y="${y}" width="${width}" height="${height}" rx="4"/>
  <rect class="head" x="${x}" y="${y}" width="${width}" height="${ER.header - 4}" rx="4"/>
  <text class="name" x="${x + 8}" y="${y + 17}">${e(entity.name)}</text>
  <text class="grain" x="${x + 8}" y="${y + 32}">${e(shownGrain)}</text>
${rows.join('\n')}
</g>`;
}

function relationshipSvg(r: DesignRelationship, boxes: Map<string, Box>, index: number): string {
  const from = boxes.get(r.from);
  const to = boxes.get(r.to);
  if (!from || !to) return '';
  const y1 = rowY(from, r.fromColumn);
  const y2 = rowY(to, r.toColumn);
  let path: string;
  let start: { x: number; dir: number };
  let end: { x: number; dir: number };
  if (from.side === to.side) {
    // Same column: leave and enter on the right, through the gutter (a lane per relationship).
    const lane = Math.max(from.x + from.width, to.x + to.width) + 24 + 8 * (index % 4);
    start = { x: from.x + from.width, dir: 1 };
    end = { x: to.x + to.width, dir: 1 };
    path = `M ${start.x} ${y1} H ${lane} V ${y2} H ${end.x}`;
  } else {
    const rightward = to.x > from.x;
    start = { x: rightward ? from.x + from.width : from.x, dir: rightward ? 1 : -1 };
    end = { x: rightward ? to.x : to.x + to.width, dir: rightward ? -1 : 1 };
    const bend = (end.x - start.x) / 2;
    path = `M ${start.x} ${y1} C ${start.x + bend} ${y1}, ${end.x - bend} ${y2}, ${end.x} ${y2}`;
  }
  const { x: sx, dir: sd } = start;
  const { x: ex, dir: ed } = end;
  const crowsFoot = `M ${sx} ${y1 - 6} L ${sx + sd * 12} ${y1} L ${sx} ${y1 + 6} M ${sx} ${y1} L ${sx + sd * 12} ${y1}`;
  const oneBars = `M ${ex + ed * 8} ${y2 - 6} V ${y2 + 6} M ${ex + ed * 12} ${y2 - 6} V ${y2 + 6}`;
  const label = (x: number, y: number, dir: number, text: string) =>
    `<text x="${x + dir * 18}" y="${y - 4}" text-anchor="${dir > 0 ? 'start' : 'end'}">${text}</text>`;
  return `<g class="relationship" data-from="${e(`${r.from}.${r.fromColumn}`)}" data-to="${e(`${r.to}.${r.toColumn}`)}" data-cardinality="${r.cardinality}">
  <title>${e(`${r.from}.${r.fromColumn} → ${r.to}.${r.toColumn} (${r.cardinality}: many ${r.from} rows to one ${r.to} row)`)}</title>
  <path class="line" d="${path}"/>
  <path class="crows-foot" d="${crowsFoot}"/>
  <path class="one" d="${oneBars}"/>
  ${label(sx, y1, sd, 'N')}
  ${label(ex, y2, ed, '1')}
</g>`;
}
