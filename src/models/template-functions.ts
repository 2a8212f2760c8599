import { bindArgs } from './dbt-macro-args';
import { LINE_KEYWORD } from './template-positions';
import { Relation, type RenderResult, type TemplateScope } from './template-types';

/** Reports a problem at a line of the template (counted from the template's first line). */
export type ReportAt = (line: number | undefined, problem: string, fix: string) => void;

/**
 * The functions a template calls: `ref`, `source` and `config` record each call with its line in
 * `result` (unknown names are reported, and rendering goes on so every problem of the file is
 * found in one pass); `config.get` / `config.require` read the model's config; `this`;
 * `is_incremental()`.
 */
export function templateFunctions(
  scope: TemplateScope,
  result: RenderResult,
  report: ReportAt,
  shift: (line: number | undefined) => number | undefined,
): Record<string, unknown> {
  const placeholder = new Relation('unknown', 'unknown', '"unknown"."unknown"');
  return {
    ...scope.globals,
    is_incremental: () => scope.isIncremental === true,
    ref: (...args: unknown[]) => {
      const { positional, keywords, line } = callArguments(args);
      if (positional.length !== 1 || typeof positional[0] !== 'string' || Object.keys(keywords).length > 0) {
        report(
          line,
          `ref() takes one model name, got ${describeArgs(positional, keywords)}`,
          "Write {{ ref('model_name') }}.",
        );
        return placeholder;
      }
      result.refs.push({ args: positional[0], line: shift(line) });
      const relation = scope.ref(positional[0]);
      if (!relation) {
        const { problem, fix } = scope.unknownRef(positional[0]);
        report(line, problem, fix);
      }
      return relation ?? placeholder;
    },
    source: (...args: unknown[]) => {
      const { positional, keywords, line } = callArguments(args);
      const [sourceName, table] = positional;
      if (
        positional.length !== 2 ||
        typeof sourceName !== 'string' ||
        typeof table !== 'string' ||
        Object.keys(keywords).length > 0
      ) {
        report(
          line,
          `source() takes a source name and a table name, got ${describeArgs(positional, keywords)}`,
          "Write {{ source('raw', 'raw_orders') }}.",
        );
        return placeholder;
      }
      result.sources.push({ args: { sourceName, table }, line: shift(line) });
      const relation = scope.source(sourceName, table);
      if (!relation) {
        const { problem, fix } = scope.unknownSource(sourceName, table);
        report(line, problem, fix);
      }
      return relation ?? placeholder;
    },
    config: configFunction(scope, result, report, shift),
    this: scope.self,
  };
}

/** `config(key=value)` (recorded), with dbt's `config.get(key, default)` and `config.require(key)`. */
function configFunction(
  scope: TemplateScope,
  result: RenderResult,
  report: ReportAt,
  shift: (line: number | undefined) => number | undefined,
) {
  const record = (...args: unknown[]) => {
    const { positional, keywords, line } = callArguments(args);
    if (positional.length > 0) {
      report(line, 'config() takes only key=value arguments', "Write {{ config(materialized='table') }}.");
      return '';
    }
    result.configs.push({ args: keywords, line: shift(line) });
    return '';
  };
  // The latest config() call of this template that sets the key, else the project's and YAML's.
  const value = (key: string) => {
    for (const call of [...result.configs].reverse()) if (key in call.args) return call.args[key];
    return scope.modelConfig?.[key];
  };
  return Object.assign(record, {
    get: (...args: unknown[]) => {
      const a = bindArgs(args, ['name', 'default'], 'config.get');
      return value(String(a.name)) ?? a.default ?? null;
    },
    require: (...args: unknown[]) => {
      const name = String(bindArgs(args, ['name'], 'config.require').name);
      const found = value(name);
      if (found === undefined || found === null)
        throw new Error(
          `config.require('${name}'): the model sets no ${name} (in config(), its YAML or dbt_project.yml)`,
        );
      return found;
    },
  });
}

function describeArgs(args: unknown[], keywords: Record<string, unknown>): string {
  const all = [
    ...args.map((arg) => JSON.stringify(arg) ?? String(arg)),
    ...Object.entries(keywords).map(([key, value]) => `${key}=${JSON.stringify(value)}`),
  ];
  return all.length === 0 ? 'no arguments' : all.join(', ');
}

/** Splits a call's arguments into positional ones, keyword ones and the call's line. */
function callArguments(args: unknown[]) {
  const last = args.at(-1);
  const hasKeywords = typeof last === 'object' && last !== null && '__keywords' in last;
  const {
    __keywords: _,
    [LINE_KEYWORD]: line,
    ...keywords
  } = (hasKeywords ? last : {}) as Record<string, unknown>;
  return {
    positional: hasKeywords ? args.slice(0, -1) : args,
    keywords,
    line: typeof line === 'number' ? line : undefined,
  };
}
