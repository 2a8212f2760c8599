import type { Dimension, Measure, SemanticModel, TimeGrain } from './semantic-layer';
import { TIME_GRAINS } from './semantic-layer';
import type { SourceFrom } from './source-from';

/** A group-by name taken apart: `metric_time__month`, `store__store_name`, `order_date`, `store`. */
export interface NameParts {
  name: string;
  entity?: string;
  element: string;
  grain?: TimeGrain;
}

const NAME = /^[a-z_][a-z0-9_]*$/;

export function parseName(name: string): NameParts {
  if (!NAME.test(name)) {
    throw new Error(
      `"${name}" is not a dimension name: use metric_time[__grain], <entity>__<dimension>[__grain], a dimension or an entity (lower_snake_case).`,
    );
  }
  // NAME guarantees at least one non-empty part.
  const parts = name.split('__');
  const last = parts.at(-1);
  const grain = parts.length > 1 && TIME_GRAINS.includes(last as TimeGrain) ? (last as TimeGrain) : undefined;
  if (grain) parts.pop();
  const [first, second, ...more] = parts;
  if (more.length > 0)
    throw new Error(`"${name}": only one entity hop is supported (<entity>__<dimension>).`);
  if (first === undefined) throw new Error(`"${name}" is not a dimension name.`);
  return second === undefined
    ? { name, element: first, grain }
    : { name, entity: first, element: second, grain };
}

/** A resolved name: the SQL expression over the source's FROM and whether it is a (truncated) time. */
export interface Resolved {
  sql: string;
  time: boolean;
  /** the unreduced time column (cumulative windows compare against it) */
  rawTime?: string;
  /** metric_time: the grain, and the time expression on the model's own table (for the period list) */
  period?: { grain: TimeGrain; expr: string; model: string };
}

/**
 * Resolves a name for one measure's semantic model, joining what it needs into `from`. MetricFlow's
 * rules, one hop: a dimension of the model itself, or of the model keyed by one of its entities.
 */
export function resolveName(parts: NameParts, from: SourceFrom, measure: Measure): Resolved {
  const base = from.base;
  if (parts.element === 'metric_time' && !parts.entity) {
    const timeName = measure.aggTimeDimension ?? base.defaultAggTimeDimension;
    const dimension = base.dimensions.find((candidate) => candidate.name === timeName);
    if (!dimension) {
      throw new Error(
        `metric_time: measure "${measure.name}" of semantic model "${base.name}" has no time dimension. Set defaults.agg_time_dimension or the measure's agg_time_dimension.`,
      );
    }
    const resolved = timeExpression(parts, dimension, from.column('base', dimension.expr));
    const grain = parts.grain ?? dimension.grain ?? 'day';
    return { ...resolved, period: { grain, expr: dimension.expr, model: base.model } };
  }
  const found = findDimension(parts, from);
  if (found) return timeExpression(parts, found.dimension, from.column(found.alias, found.dimension.expr));
  const entity = !parts.entity && base.entities.find((candidate) => candidate.name === parts.element);
  if (entity) return { sql: from.column('base', entity.expr), time: false };
  throw new Error(
    `"${parts.name}" is not reachable from semantic model "${base.name}" (measure "${measure.name}"): it has dimensions ${listNames(base.dimensions)} and entities ${listNames(base.entities)}; other models' dimensions are reached as <entity>__<dimension>.`,
  );
}

function findDimension(
  parts: NameParts,
  from: SourceFrom,
): { alias: string; dimension: Dimension } | undefined {
  const base = from.base;
  const own = base.dimensions.find((dimension) => dimension.name === parts.element);
  const ownKey = base.entities.find((entity) => entity.name === parts.entity && entity.type !== 'foreign');
  if (own && (!parts.entity || ownKey)) return { alias: 'base', dimension: own };
  const entities = base.entities.filter((entity) => !parts.entity || entity.name === parts.entity);
  const candidates = entities.flatMap((entity) =>
    from
      .keyedBy(entity.name)
      .filter((model) => model !== base)
      .flatMap((model) => {
        const dimension = model.dimensions.find((candidate) => candidate.name === parts.element);
        return dimension ? [{ entity: entity.name, model, dimension }] : [];
      }),
  );
  if (candidates.length > 1) {
    const names = candidates.map((candidate) => `${candidate.entity}__${parts.element}`);
    throw new Error(
      `"${parts.name}" is ambiguous from semantic model "${base.name}": say ${names.join(' or ')}.`,
    );
  }
  const [match] = candidates;
  return match && { alias: from.join(match.entity, match.model), dimension: match.dimension };
}

function timeExpression(parts: NameParts, dimension: Dimension, column: string): Resolved {
  if (dimension.type !== 'time') {
    if (parts.grain)
      throw new Error(`"${parts.name}": ${dimension.name} is not a time dimension, it has no grain.`);
    return { sql: column, time: false };
  }
  const grain = parts.grain ?? dimension.grain ?? 'day';
  const finest = TIME_GRAINS.indexOf(dimension.grain ?? 'day');
  if (TIME_GRAINS.indexOf(grain) < finest) {
    throw new Error(
      `"${parts.name}": ${dimension.name} holds ${dimension.grain}s; it cannot be grouped by ${grain}.`,
    );
  }
  return { sql: `cast(date_trunc('${grain}', ${column}) as date)`, time: true, rawTime: column };
}

function listNames(items: ReadonlyArray<{ name: string }>): string {
  return items.length === 0 ? '(none)' : items.map((item) => item.name).join(', ');
}

/** The semantic model that declares a measure. */
export function measureOwner(
  models: readonly SemanticModel[],
  name: string,
): { model: SemanticModel; measure: Measure } {
  for (const model of models) {
    const measure = model.measures.find((candidate) => candidate.name === name);
    if (measure) return { model, measure };
  }
  throw new Error(`No semantic model declares measure "${name}".`);
}
