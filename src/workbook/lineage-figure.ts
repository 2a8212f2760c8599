import { docsStyles } from '../docs/docs-styles';
import { type LineageNode, lineageSvg } from '../docs/lineage-svg';
import type { CompiledProject } from '../models/compiled-project';

/**
 * The project's DAG (sources → staging → intermediate → marts → analyses) as a standalone SVG:
 * the docs site's lineage drawing with its styles inlined, so it shows anywhere an SVG does
 * (a notebook output, a file). Hover a box for its description; the docs site (etl-workbook docs)
 * has the clickable version.
 */
export function lineageFigure(project: CompiledProject, options: { includeAnalyses?: boolean } = {}): string {
  const nodes: LineageNode[] = [
    ...project.sources.map((source) => ({
      id: source.uniqueId,
      label: `${source.sourceName}.${source.name}`,
      kind: 'source',
      href: '#',
      title: source.description,
    })),
    ...project.models.map((model) => ({
      id: model.uniqueId,
      label: model.name,
      kind: `model ${model.materialized}`,
      href: '#',
      title: model.description,
    })),
    ...(options.includeAnalyses === false
      ? []
      : project.analyses.map((analysis) => ({
          id: analysis.uniqueId,
          label: analysis.name,
          kind: 'analysis',
          href: '#',
        }))),
  ];
  const ids = new Set(nodes.map((node) => node.id));
  const dependents = [...project.models, ...(options.includeAnalyses === false ? [] : project.analyses)];
  const edges = dependents.flatMap((node) =>
    node.dependsOn
      .filter((parent) => ids.has(parent))
      .map((parent): [string, string] => [parent, node.uniqueId]),
  );
  const svg = lineageSvg(nodes, edges, { label: `Lineage of ${project.name}` });
  const rules = docsStyles
    .split('\n')
    .filter((line) => line.startsWith('svg.lineage'))
    .join('\n')
    .replaceAll('var(--ink)', '#1f2933');
  const style = `<style>svg.lineage { font: 12px system-ui, sans-serif; background: #fff; }\n${rules}</style>`;
  return svg.replace('<defs>', `${style}<defs>`);
}
