import { at } from '../common/at';
/**
 * A macro written in TypeScript, called from a template: nunjucks passes positional arguments and
 * then, when there are keyword arguments, one object flagged `__keywords`. This names them all,
 * as Jinja binds a macro's parameters.
 */
export function bindArgs(args: unknown[], names: string[], macro: string): Record<string, unknown> {
  const last = args.at(-1);
  const hasKeywords = typeof last === 'object' && last !== null && '__keywords' in last;
  const positional = hasKeywords ? args.slice(0, -1) : args;
  const { __keywords: _, _etl_line: __, ...keywords } = (hasKeywords ? last : {}) as Record<string, unknown>;
  if (positional.length > names.length)
    throw new Error(
      `${macro}() takes at most ${names.length} arguments (${names.join(', ')}), got ${positional.length}`,
    );
  const bound: Record<string, unknown> = {};
  positional.forEach((value, index) => {
    bound[at(names, index, 'names[index]')] = value;
  });
  for (const [key, value] of Object.entries(keywords)) {
    if (!names.includes(key))
      throw new Error(`${macro}() has no argument "${key}": it takes ${names.join(', ')}`);
    bound[key] = value;
  }
  return bound;
}

/** A required argument as text (SQL expressions and names are text in dbt's macros). */
export function textArg(bound: Record<string, unknown>, name: string, macro: string): string {
  const value = bound[name];
  if (value === undefined || value === null) throw new Error(`${macro}() needs the argument "${name}"`);
  return String(value);
}

/** A namespace of TypeScript macros (`dbt`, `dbt_utils`…) whose unknown members fail when called, naming what exists. */
export function macroNamespace(
  name: string,
  macros: Record<string, (...args: unknown[]) => unknown>,
  why: string,
): Record<string, (...args: unknown[]) => unknown> {
  return new Proxy(macros, {
    get(target, property) {
      if (typeof property !== 'string' || property in target || property === 'then' || property === 'toJSON')
        return Reflect.get(target, property);
      return () => {
        throw new Error(
          `${name}.${property} is not provided: ${why} Provided: ${Object.keys(target).sort().join(', ')}.`,
        );
      };
    },
  });
}
