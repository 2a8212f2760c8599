import { escapeHtml } from '../html/escape-html';
import { type Layout, layoutDag } from './lineage-layout';

export interface LineageNode {
  id: string;
  label: string;
  /** CSS classes of the box: its kind (`source`, `seed`, `model`, `analysis`) and more. */
  kind: string;
  /** Relative link to the node's page. */
  href: string;
  /** Tooltip: the description, or the relation. */
  title?: string;
}

export interface LineageOptions {
  /** The node of the page the graph is on: drawn highlighted and not linked to itself. */
  current?: string;
  /** Accessible name of the drawing. */
  label?: string;
}

/**
 * The lineage as inline SVG: one linked box per node (`<a href>` around it, so following a box
 * opens the node's page from the file system) and one curve per edge, laid out by layoutDag.
 */
export function lineageSvg(
  nodes: LineageNode[],
  edges: Array<[string, string]>,
  options: LineageOptions = {},
): string {
  const layout = layoutDag({ nodes, edges });
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const paths = layout.edges
    .map((edge) => `<path class="edge" d="${curve(edge.points)}" marker-end="url(#arrow)"/>`)
    .join('\n');
  const boxes = layout.nodes
    .map((placed) => {
      const node = byId.get(placed.id) as LineageNode;
      const current = placed.id === options.current;
      const text = fitLabel(node.label, placed.width);
      const box = `<title>${escapeHtml(node.title ? `${node.label}: ${node.title}` : node.label)}</title><rect x="${placed.x}" y="${placed.y}" width="${placed.width}" height="${placed.height}" rx="5"/><text x="${placed.x + placed.width / 2}" y="${placed.y + placed.height / 2}" dominant-baseline="central" text-anchor="middle">${escapeHtml(text)}</text>`;
      const attributes = `class="node ${escapeHtml(node.kind)}${current ? ' current' : ''}" data-id="${escapeHtml(node.id)}"`;
      return current
        ? `<g ${attributes} aria-current="page">${box}</g>`
        : `<a ${attributes} href="${escapeHtml(node.href)}">${box}</a>`;
    })
    .join('\n');
  return `<svg class="lineage" xmlns="http://www.w3.org/2000/svg" viewBox="${size(layout).join(' ')}" width="${layout.width}" height="${layout.height}" role="img" aria-label="${escapeHtml(options.label ?? 'Lineage')}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>
${paths}
${boxes}
</svg>`;
}

function size(layout: Layout): [number, number, number, number] {
  return [0, 0, layout.width, layout.height];
}

/** Horizontal-tangent cubic curves through the points (right side of a box to the left side of the next). */
function curve(points: Array<[number, number]>): string {
  const [first, ...rest] = points as [[number, number], ...Array<[number, number]>];
  let d = `M ${first[0]} ${first[1]}`;
  let previous = first;
  for (const point of rest) {
    const middle = (previous[0] + point[0]) / 2;
    d +=
      point[1] === previous[1]
        ? ` L ${point[0]} ${point[1]}`
        : ` C ${middle} ${previous[1]}, ${middle} ${point[1]}, ${point[0]} ${point[1]}`;
    previous = point;
  }
  return d;
}

/** The label cut to fit the box (about 7 px a character), with an ellipsis. */
function fitLabel(label: string, width: number): string {
  const room = Math.max(4, Math.floor((width - 16) / 7));
  return label.length <= room ? label : `${label.slice(0, room - 1)}…`;
}
