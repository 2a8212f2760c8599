import type { DialectName } from '../warehouse/dialect';
import type { CompileProblem } from './compile-error';
import { dbtDateMacros, dbtUtilsMacros } from './dbt-builtin-packages';
import { crossDbMacros } from './dbt-cross-db';
import { rewriteJinja } from './dbt-jinja';
import { macroNamespace } from './dbt-macro-args';
import type { DbtProjectSettings } from './dbt-project-settings';
import { runtimeGlobals, runtimeQuery } from './dbt-runtime';
import { dbtUtilsIntrospection } from './dbt-utils-introspection';
import type { InstalledPackage, SourceFile } from './project-files';
import { environment } from './template-renderer';

/** dbt's `target`: the name selects behaviour in macros (`target.name == 'prod'`), the schema is where models go. */
export interface DbtTarget {
  name: string;
  schema: string;
  type: DialectName;
}

/** When no --schema / ETL_TARGET_SCHEMA is given: the schema a dbt profile would name. */
export const DEFAULT_TARGET_SCHEMA = 'analytics';
export const DEFAULT_TARGET_NAME = 'dev';

type MacroFunction = (...args: unknown[]) => unknown;

/** The packages with built-in implementations (used when packages.yml names them). */
export const BUILTIN_PACKAGES = ['dbt_utils', 'dbt_date'];

/**
 * What a dbt project's templates see besides ref/source/config: target, var, env_var, adapter,
 * return, log, exceptions, execute, and the dbt / dbt_utils / dbt_date macro namespaces; and how a
 * node's schema is named (generate_schema_name, the project's own when it defines one).
 */
export class DbtContext {
  readonly target: DbtTarget;
  readonly globals: Record<string, unknown>;
  /** log() output and notes for the user (printed by the commands). */
  readonly notes: string[] = [];
  private projectMacros: Record<string, MacroFunction> = {};
  private readonly returns: Array<{ value?: unknown; set: boolean }> = [];
  private readonly schemaCache = new Map<string, string>();
  private schemaMacroFile?: { file: string; line: number };
  /** The built-in packages' macros, and those of the packages installed in dbt_packages/ over them. */
  private readonly packageMacros: Record<string, Record<string, MacroFunction>>;
  private readonly installedMacros: Record<string, Record<string, MacroFunction>> = {};

  constructor(
    private readonly settings: DbtProjectSettings,
    packages: string[],
    target: Partial<DbtTarget> & { type: DialectName },
    private readonly environmentVariables: Record<string, string | undefined>,
    private readonly problems: CompileProblem[],
    /** --vars: over the vars of dbt_project.yml. */
    private readonly commandLineVars: Record<string, unknown> = {},
  ) {
    this.target = {
      type: target.type,
      name: target.name ?? DEFAULT_TARGET_NAME,
      schema: target.schema ?? DEFAULT_TARGET_SCHEMA,
    };
    const dbt = crossDbMacros(target.type);
    const packageInput = {
      dialect: target.type,
      dbt,
      variable: (name: string, fallback: unknown) => this.variable(name, [fallback]),
    };
    const namespaces: Record<string, unknown> = {
      dbt: macroNamespace('dbt', dbt, 'dbt has no such cross-database macro here.'),
    };
    const runtime = runtimeGlobals(target.type);
    const introspection = dbtUtilsIntrospection({
      columns: runtime.adapter.get_columns_in_relation,
      query: runtimeQuery,
      quote: runtime.adapter.quote,
      typeString: () => String(dbt.type_string?.()),
      escape: (value) => value.replace(/'/g, "''"),
    });
    const builtins: Record<string, Record<string, MacroFunction>> = {
      dbt_utils: { ...dbtUtilsMacros(packageInput), ...introspection },
      dbt_date: dbtDateMacros(packageInput),
    };
    this.packageMacros = builtins;
    for (const name of packages.filter((p) => BUILTIN_PACKAGES.includes(p))) {
      namespaces[name] = macroNamespace(
        name,
        builtins[name] as Record<string, MacroFunction>,
        `packages.yml names ${name}; the built-in ${name} serves (with the macros of a copy installed in dbt_packages/ over it, when there is one) and lacks it. Write the SQL in the model or in a macro of your own in macros/.`,
      );
    }
    this.globals = {
      ...namespaces,
      target: { ...this.target, database: 'warehouse', threads: 1 },
      var: (...args: unknown[]) => this.variable(args[0] as string, args.slice(1)),
      env_var: (...args: unknown[]) => this.environmentVariable(args[0] as string, args.slice(1)),
      return: (value: unknown) => this.returnValue(value),
      log: (message: unknown) => {
        this.notes.push(`log: ${String(message)}`);
        return '';
      },
      exceptions: {
        raise_compiler_error: (message: unknown) => {
          throw new Error(`raise_compiler_error: ${String(message)}`);
        },
        warn: (message: unknown) => {
          this.notes.push(`warning: ${String(message)}`);
          return '';
        },
      },
      namespace: (...args: unknown[]) => ({ ...(args.at(-1) as object) }),
      adapter: {
        ...runtime.adapter,
        dispatch: (name: string, namespace?: string) => this.dispatch(name, namespace),
      },
      // Nothing is queried at compile (execute is false, as in dbt's parse); at run time see dbt-runtime.ts.
      run_query: runtime.run_query,
      statement: runtime.statement,
      load_result: runtime.load_result,
    };
  }

  /**
   * Takes the project's macros (compiled by compileMacros) and makes `return()` work in them: each
   * call gets a slot, and a value given to return() is the macro's result instead of its text.
   */
  useMacros(macros: Record<string, unknown>, files: SourceFile[]): Record<string, unknown> {
    for (const file of files) {
      const at = file.text.search(/macro\s+generate_schema_name\b/);
      if (at >= 0)
        this.schemaMacroFile = { file: file.file, line: file.text.slice(0, at).split('\n').length };
    }
    const wrapped: Record<string, unknown> = {};
    for (const [name, macro] of Object.entries(macros)) {
      wrapped[name] = typeof macro === 'function' ? this.withReturn(macro as MacroFunction) : macro;
    }
    this.projectMacros = wrapped as Record<string, MacroFunction>;
    return wrapped;
  }

  /**
   * The packages installed in dbt_packages/: each gets its namespace (`pkg.macro()`) before any is
   * compiled, so their macros can call each other's; an installed macro replaces the built-in one
   * of the same name. Returns each package's macros (its generic tests are among them).
   */
  usePackages(
    installed: InstalledPackage[],
    compile: (files: SourceFile[], globals: Record<string, unknown>) => Record<string, unknown>,
  ): Record<string, Record<string, MacroFunction>> {
    for (const { name } of installed) {
      const target = this.packageMacros[name] ?? {};
      this.packageMacros[name] = target;
      if (!(name in this.globals))
        this.globals[name] = macroNamespace(
          name,
          target,
          `the copy of ${name} in dbt_packages/ has no such macro.`,
        );
    }
    for (const { name, files } of installed) {
      const own: Record<string, MacroFunction> = {};
      for (const [macro, value] of Object.entries(compile(files, this.globals)))
        if (typeof value === 'function') own[macro] = this.withReturn(value as MacroFunction);
      this.installedMacros[name] = own;
      Object.assign(this.packageMacros[name] as object, own);
    }
    return this.installedMacros;
  }

  /** generate_schema_name(custom_schema_name, node): the project's macro if it has one, else dbt's default. */
  schemaName(custom: string | undefined, resourceType: 'model' | 'seed' | 'test', name: string): string {
    const key = `${custom ?? '\u0000'}|${resourceType}|${name}`;
    const known = this.schemaCache.get(key);
    if (known !== undefined) return known;
    const own = this.projectMacros.generate_schema_name;
    let schema: string;
    if (own) {
      const node = {
        resource_type: resourceType,
        name,
        unique_id: `${resourceType}.${this.settings.name}.${name}`,
        config: {},
      };
      try {
        schema = String(own(custom ?? null, node)).trim();
      } catch (error) {
        schema = this.target.schema;
        this.problems.push({
          file: this.schemaMacroFile?.file ?? 'macros',
          line: this.schemaMacroFile?.line,
          problem: `generate_schema_name failed for ${name ? `${resourceType} "${name}"` : 'the seeds'} (custom schema ${custom === undefined ? 'none' : `"${custom}"`}): ${(error as Error).message}`,
          fix: 'Correct the macro: it receives custom_schema_name none when the node sets no schema.',
        });
      }
    } else {
      schema = custom === undefined ? this.target.schema : `${this.target.schema}_${custom.trim()}`;
    }
    this.schemaCache.set(key, schema);
    return schema;
  }

  /** A dbt_project.yml value that is a template (`"{{ var('x', false) }}"`), rendered as dbt does. */
  renderValue(value: unknown): unknown {
    if (typeof value !== 'string' || !/{{|{%/.test(value)) return value;
    const text = environment.renderString(rewriteJinja(value), this.globals).trim();
    if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
    if (/^(none|null)$/i.test(text)) return null;
    return text;
  }

  private variable(name: string, fallback: unknown[]): unknown {
    if (Object.hasOwn(this.commandLineVars, name)) return this.commandLineVars[name];
    if (name in this.settings.vars) return this.settings.vars[name];
    if (fallback.length > 0 && fallback[0] !== undefined) return fallback[0];
    throw new Error(
      `Required var '${name}' not found in the vars of dbt_project.yml: add "${name}: <value>" under vars:, or give var() a default`,
    );
  }

  private environmentVariable(name: string, fallback: unknown[]): unknown {
    const value = this.environmentVariables[name];
    if (value !== undefined) return value;
    if (fallback.length > 0 && fallback[0] !== undefined) return fallback[0];
    throw new Error(
      `env_var('${name}'): the environment variable ${name} is not set and no default is given`,
    );
  }

  private returnValue(value: unknown): string {
    const slot = this.returns.at(-1);
    if (slot && !slot.set) {
      slot.set = true;
      slot.value = value;
    }
    // Also printed, for a return() reached through a macro we did not wrap (a call within one file).
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  }

  private withReturn(macro: MacroFunction): MacroFunction {
    return (...args) => {
      this.returns.push({ set: false });
      try {
        const output = macro(...args);
        const slot = this.returns.at(-1);
        return slot?.set ? slot.value : output;
      } finally {
        this.returns.pop();
      }
    };
  }

  /** adapter.dispatch('m', 'pkg'): the project's <adapter>__m, then default__m, then the built-in pkg.m. */
  private dispatch(name: string, namespace: string | undefined): MacroFunction {
    const adapters =
      this.target.type === 'redshift' ? ['redshift', 'postgres', 'default'] : ['postgres', 'default'];
    const candidates = adapters.map((adapter) => `${adapter}__${name}`);
    // The project's implementations, then the installed package's (as dbt's dispatch search order).
    const installed = namespace ? this.installedMacros[namespace] : undefined;
    for (const macros of [this.projectMacros, installed ?? {}]) {
      for (const candidate of candidates) {
        const macro = macros[candidate];
        if (macro) return macro;
      }
    }
    const builtin =
      (namespace ? this.packageMacros[namespace] : undefined) ??
      (crossDbMacros(this.target.type) as Record<string, MacroFunction>);
    const fromPackage = builtin[name];
    if (fromPackage) return fromPackage;
    throw new Error(
      `adapter.dispatch('${name}'${namespace ? `, '${namespace}'` : ''}) found no macro: looked for ${candidates.join(', ')}${namespace ? ` and ${namespace}.${name}` : ''}`,
    );
  }
}
