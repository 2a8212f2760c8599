import { at } from '../common/at';
/**
 * A layered (Sugiyama-style) layout of a DAG, computed here so the docs need no layout service:
 * 1. layers by longest path from the roots (left to right);
 * 2. edges longer than one layer get a dummy point per layer they cross, so they route between
 *    the boxes instead of through them;
 * 3. the order within each layer is improved by barycenter sweeps, keeping the order with the
 *    fewest crossings;
 * 4. vertical positions: each node moves toward the mean of its neighbours, keeping its order and
 *    the minimum spacing (straightens chains).
 */

export interface LayoutInput {
  nodes: Array<{ id: string; label: string }>;
  /** `[from, to]`; edges naming an unknown node are ignored. The graph must be acyclic. */
  edges: Array<[string, string]>;
}

export interface PlacedNode {
  id: string;
  label: string;
  layer: number;
  /** Top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  /** From the right side of `from`, through the dummy points, to the left side of `to`. */
  points: Array<[number, number]>;
}

export interface Layout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

export interface LayoutOptions {
  nodeHeight?: number;
  /** Width of a box, from its label (default: about 7 px a character, 120 to 260 px). */
  nodeWidth?: (label: string) => number;
  layerGap?: number;
  rowGap?: number;
  margin?: number;
}

const SWEEPS = 12;
/** Above this many edges, crossings are not counted (quadratic) and the last sweep is kept. */
const MAX_COUNTED_EDGES = 4000;

interface Item {
  id: string;
  /** Index of the real node, or -1 for a dummy point of a long edge. */
  node: number;
  layer: number;
  up: Item[];
  down: Item[];
  pos: number;
  y: number;
}

export function layoutDag(input: LayoutInput, options: LayoutOptions = {}): Layout {
  const nodeHeight = options.nodeHeight ?? 30;
  const layerGap = options.layerGap ?? 70;
  const rowGap = options.rowGap ?? 14;
  const margin = options.margin ?? 10;
  const widthOf =
    options.nodeWidth ?? ((label: string) => Math.min(260, Math.max(120, label.length * 7 + 24)));

  const index = new Map(input.nodes.map((node, i) => [node.id, i]));
  const edges = input.edges.filter(([from, to]) => index.has(from) && index.has(to) && from !== to);
  const layerOf = longestPathLayers(input.nodes.length, edges, index);

  const items: Item[] = input.nodes.map((node, i) => ({
    id: node.id,
    node: i,
    layer: at(layerOf, i, 'layerOf[i]'),
    up: [],
    down: [],
    pos: 0,
    y: 0,
  }));
  const chains: Array<{ from: string; to: string; items: Item[] }> = [];
  for (const [from, to] of edges) {
    const start = at(items, index.get(from) as number, 'items[index.get(from)]');
    const end = at(items, index.get(to) as number, 'items[index.get(to)]');
    const chain = [start];
    for (let layer = start.layer + 1; layer < end.layer; layer++) {
      const dummy: Item = { id: `${from}->${to}@${layer}`, node: -1, layer, up: [], down: [], pos: 0, y: 0 };
      items.push(dummy);
      chain.push(dummy);
    }
    chain.push(end);
    for (let i = 1; i < chain.length; i++) {
      at(chain, i - 1, 'chain[i - 1]').down.push(at(chain, i, 'chain[i]'));
      at(chain, i, 'chain[i]').up.push(at(chain, i - 1, 'chain[i - 1]'));
    }
    chains.push({ from, to, items: chain });
  }

  const layers = orderLayers(items);
  const widths = input.nodes.map((node) => widthOf(node.label));
  const layerWidth = layers.map((layer) =>
    Math.max(0, ...layer.filter((i) => i.node >= 0).map((i) => at(widths, i.node, 'widths[i.node]'))),
  );
  const layerX: number[] = [];
  let x = margin;
  for (const width of layerWidth) {
    layerX.push(x);
    x += Math.max(width, 40) + layerGap;
  }
  const height = placeRows(layers, nodeHeight, rowGap, margin);

  const nodes: PlacedNode[] = items
    .filter((item) => item.node >= 0)
    .map((item) => ({
      id: item.id,
      label: (input.nodes[item.node] as { label: string }).label,
      layer: item.layer,
      x: at(layerX, item.layer, 'layerX[item.layer]'),
      y: item.y,
      width: at(widths, item.node, 'widths[item.node]'),
      height: nodeHeight,
    }));
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const placedEdges: PlacedEdge[] = chains.map(({ from, to, items: chain }) => {
    const start = byId.get(from) as PlacedNode;
    const end = byId.get(to) as PlacedNode;
    const points: Array<[number, number]> = [[start.x + start.width, start.y + nodeHeight / 2]];
    for (const dummy of chain.slice(1, -1)) {
      const left = at(layerX, dummy.layer, 'layerX[dummy.layer]');
      points.push(
        [left, dummy.y + nodeHeight / 2],
        [left + at(layerWidth, dummy.layer, 'layerWidth[dummy.layer]'), dummy.y + nodeHeight / 2],
      );
    }
    points.push([end.x, end.y + nodeHeight / 2]);
    return { from, to, points };
  });
  return { width: Math.max(x - layerGap + margin, 2 * margin), height, nodes, edges: placedEdges };
}

/** Layer of each node: 0 for roots, else one more than its deepest parent (Kahn's order). */
function longestPathLayers(
  count: number,
  edges: Array<[string, string]>,
  index: Map<string, number>,
): number[] {
  const layer = new Array<number>(count).fill(0);
  const children: number[][] = Array.from({ length: count }, () => []);
  const waiting = new Array<number>(count).fill(0);
  for (const [from, to] of edges) {
    at(children, index.get(from) as number, 'children[index.get(from)]').push(index.get(to) as number);
    waiting[index.get(to) as number] = at(waiting, index.get(to) as number, 'waiting[index.get(to)]') + 1;
  }
  const ready = [...Array(count).keys()].filter((i) => waiting[i] === 0);
  for (let head = 0; head < ready.length; head++) {
    const i = at(ready, head, 'ready[head]');
    for (const child of at(children, i, 'children[i]')) {
      layer[child] = Math.max(at(layer, child, 'layer[child]'), at(layer, i, 'layer[i]') + 1);
      waiting[child] = at(waiting, child, 'waiting[child]') - 1;
      if (waiting[child] === 0) ready.push(child);
    }
  }
  if (ready.length < count)
    throw new Error('layoutDag: the graph has a cycle, so it cannot be drawn in layers.');
  return layer;
}

/** Barycenter sweeps down and up; returns the layers in the best order found. */
function orderLayers(items: Item[]): Item[][] {
  const depth = items.reduce((max, item) => Math.max(max, item.layer + 1), 0);
  const layers: Item[][] = Array.from({ length: depth }, () => []);
  for (const item of items) at(layers, item.layer, 'layers[item.layer]').push(item);
  const renumber = (layer: Item[]) => {
    for (const [i, item] of layer.entries()) item.pos = i;
  };
  layers.forEach(renumber);
  const countable = items.reduce((sum, item) => sum + item.down.length, 0) <= MAX_COUNTED_EDGES;
  let best = layers.map((layer) => [...layer]);
  let bestCrossings = countable ? crossings(layers) : Number.POSITIVE_INFINITY;
  for (let sweep = 0; sweep < SWEEPS && bestCrossings > 0; sweep++) {
    const downward = sweep % 2 === 0;
    const sequence = downward
      ? layers.map((_, l) => l).slice(1)
      : layers
          .map((_, l) => l)
          .reverse()
          .slice(1);
    for (const l of sequence) {
      const layer = at(layers, l, 'layers[l]');
      const keyed = layer.map((item) => {
        const neighbours = downward ? item.up : item.down;
        const key =
          neighbours.length === 0
            ? item.pos
            : neighbours.reduce((sum, n) => sum + n.pos, 0) / neighbours.length;
        return { item, key };
      });
      // Stable: ties keep their current order, so sweeps cannot oscillate on equal keys.
      keyed.sort((a, b) => a.key - b.key || a.item.pos - b.item.pos);
      layers[l] = keyed.map((entry) => entry.item);
      renumber(at(layers, l, 'layers[l]'));
    }
    const now = countable ? crossings(layers) : 0;
    if (!countable || now < bestCrossings) {
      bestCrossings = now;
      best = layers.map((layer) => [...layer]);
    }
  }
  best.forEach(renumber);
  return best;
}

function crossings(layers: Item[][]): number {
  let total = 0;
  for (const layer of layers) {
    const segments = layer.flatMap((item) => item.down.map((next) => [item.pos, next.pos] as const));
    for (let i = 0; i < segments.length; i++) {
      const [a1, b1] = at(segments, i, 'segments[i]');
      for (let j = i + 1; j < segments.length; j++) {
        const [a2, b2] = at(segments, j, 'segments[j]');
        if ((a1 - a2) * (b1 - b2) < 0) total++;
      }
    }
  }
  return total;
}

/**
 * Vertical positions: rows stacked with the minimum gap, then a few passes move each item toward
 * the mean of its neighbours' positions without changing the order. Returns the total height.
 */
function placeRows(layers: Item[][], nodeHeight: number, rowGap: number, margin: number): number {
  const step = nodeHeight + rowGap;
  for (const layer of layers) for (const [i, item] of layer.entries()) item.y = margin + i * step;
  for (let pass = 0; pass < 4; pass++) {
    const downward = pass % 2 === 0;
    const order = downward ? layers : [...layers].reverse();
    for (const layer of order) {
      const wanted = layer.map((item) => {
        const neighbours = [...item.up, ...item.down];
        return neighbours.length === 0
          ? item.y
          : neighbours.reduce((sum, n) => sum + n.y, 0) / neighbours.length;
      });
      // Push down to respect spacing, then pull back up where there is room (keeps order).
      for (let i = 0; i < layer.length; i++) {
        const min = i === 0 ? margin : at(layer, i - 1, 'layer[i - 1]').y + step;
        at(layer, i, 'layer[i]').y = Math.max(min, at(wanted, i, 'wanted[i]'));
      }
      for (let i = layer.length - 2; i >= 0; i--) {
        const max = at(layer, i + 1, 'layer[i + 1]').y - step;
        at(layer, i, 'layer[i]').y = Math.max(
          i === 0 ? margin : at(layer, i - 1, 'layer[i - 1]').y + step,
          Math.min(at(layer, i, 'layer[i]').y, max),
        );
      }
    }
  }
  const top = Math.min(...layers.flat().map((item) => item.y), margin);
  // Whole pixels: crisp boxes and a smaller SVG.
  for (const item of layers.flat()) item.y = Math.round(item.y + margin - top);
  return Math.max(margin * 2, ...layers.flat().map((item) => item.y + nodeHeight + margin));
}
