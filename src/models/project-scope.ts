import { didYouMean } from './did-you-mean';
import { modelId } from './node-ids';
import { Relation, type TemplateScope } from './template-renderer';

export interface ScopeModel {
  name: string;
  schema: string;
  relation: string;
  /** `seed.<name>` for seeds; models are `model.<name>`. */
  uniqueId?: string;
  /** dbt's alias: the relation's name, when not the model's. */
  alias?: string;
}

export interface ScopeSource {
  sourceName: string;
  name: string;
  schema: string;
  identifier: string;
  relation: string;
}

/** The unique id a ref() names (a model or a seed), `model.<name>` when unknown. */
export function refIdOf(scope: TemplateScope, name: string): string {
  return scope.refId?.(name) ?? modelId(name);
}

/** Resolves ref()/source() against the project's models and sources, with did-you-mean advice. */
export function projectScope(models: ScopeModel[], sources: ScopeSource[], self?: Relation): TemplateScope {
  const modelByName = new Map(models.map((model) => [model.name, model]));
  const sourceByKey = new Map(sources.map((source) => [`${source.sourceName}.${source.name}`, source]));
  const sourceNames = [...new Set(sources.map((source) => source.sourceName))];
  return {
    self,
    refId(name) {
      const model = modelByName.get(name);
      return model && (model.uniqueId ?? modelId(model.name));
    },
    ref(name) {
      const model = modelByName.get(name);
      return model && new Relation(model.schema, model.alias ?? model.name, model.relation);
    },
    source(sourceName, table) {
      const source = sourceByKey.get(`${sourceName}.${table}`);
      return source && new Relation(source.schema, source.identifier, source.relation);
    },
    unknownRef(name) {
      const sourceTable = sources.find((source) => source.name === name);
      return {
        problem: `ref('${name}') names no model.${didYouMean(name, modelByName.keys())}`,
        fix: sourceTable
          ? `${name} is a source table: write {{ source('${sourceTable.sourceName}', '${name}') }}.`
          : 'Reference a model by its file name (without .sql), or add the model.',
      };
    },
    unknownSource(sourceName, table) {
      if (!sourceNames.includes(sourceName)) {
        return {
          problem: `source('${sourceName}', '${table}') names no source "${sourceName}".${didYouMean(sourceName, sourceNames)}`,
          fix: `Declare the source in sources.yml, or use one of: ${sourceNames.join(', ') || '(none declared)'}.`,
        };
      }
      const tables = sources
        .filter((source) => source.sourceName === sourceName)
        .map((source) => source.name);
      return {
        problem: `source "${sourceName}" has no table "${table}".${didYouMean(table, tables)}`,
        fix: `Add the table to source "${sourceName}" in sources.yml, or use one of: ${tables.join(', ')}.`,
      };
    },
  };
}
