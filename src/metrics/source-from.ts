import type { Dialect } from '../warehouse/dialect';
import type { SemanticLayer, SemanticModel } from './semantic-layer';

interface Table {
  alias: string;
  model: SemanticModel;
  /** expression of the model's table → the column name it gets in the subquery */
  columns: Map<string, string>;
  /** how a joined table meets the base: base column = this table's column */
  on?: { baseColumn: string; column: string };
}

/**
 * The FROM clause of one semantic model's measures: the model's table as a subquery that
 * projects exactly the expressions used (so `expr:` values never clash between joined tables),
 * left-joined to the semantic models reached along its entities (many-to-one only: the joined
 * side's entity is primary, unique or natural, so a join never multiplies the measure's rows).
 */
export class SourceFrom {
  private readonly tables: Table[];

  constructor(
    readonly base: SemanticModel,
    private readonly layer: SemanticLayer,
    private readonly relations: ReadonlyMap<string, string>,
    private readonly dialect: Dialect,
  ) {
    this.tables = [{ alias: 'base', model: base, columns: new Map() }];
  }

  /** The SQL that reads `expr` of the table behind `alias` (`base` or a joined entity). */
  column(alias: string, expr: string): string {
    const table = this.table(alias);
    let name = table.columns.get(expr);
    if (!name) {
      name = `c${table.columns.size + 1}`;
      table.columns.set(expr, name);
    }
    return `${this.dialect.quoteIdentifier(alias)}.${this.dialect.quoteIdentifier(name)}`;
  }

  /** Joins (once) the semantic model whose key is `entity`, reached from the base's entity; returns its alias. */
  join(entity: string, target: SemanticModel): string {
    const alias = `j_${entity}`;
    if (this.tables.some((table) => table.alias === alias)) return alias;
    const baseEntity = this.base.entities.find((candidate) => candidate.name === entity);
    const targetEntity = target.entities.find((candidate) => candidate.name === entity);
    if (!baseEntity || !targetEntity) throw new Error(`internal: no entity ${entity} to join ${target.name}`);
    const table: Table = { alias, model: target, columns: new Map() };
    this.tables.push(table);
    const baseColumn = this.column('base', baseEntity.expr);
    table.on = { baseColumn, column: this.column(alias, targetEntity.expr) };
    return alias;
  }

  /**
   * `from (select … from "marts"."fct_orders") as "base" left join (…) as "j_store" on …`;
   * `leading` puts a table in front of the base, inner-joined on a condition (cumulative periods).
   */
  sql(leading?: { from: string; on: string }): string {
    const lines = this.tables.map((table, index) => {
      const subquery = this.subquery(table);
      const q = (name: string) => this.dialect.quoteIdentifier(name);
      if (index === 0 && leading)
        return `from ${leading.from}\ninner join ${subquery} as ${q(table.alias)}\n  on ${leading.on}`;
      if (index === 0 || !table.on) return `from ${subquery} as ${q(table.alias)}`;
      return `left join ${subquery} as ${q(table.alias)}\n  on ${table.on.baseColumn} = ${table.on.column}`;
    });
    return lines.join('\n');
  }

  private subquery(table: Table): string {
    const relation = this.relations.get(table.model.model);
    if (!relation) {
      throw new Error(
        `Semantic model "${table.model.name}" (${table.model.declaredAt.file}:${table.model.declaredAt.line}) reads model "${table.model.model}", which the project does not have. Fix its model: ref('…').`,
      );
    }
    const columns = [...table.columns].map(
      ([expr, name]) => `${expr} as ${this.dialect.quoteIdentifier(name)}`,
    );
    return `(select ${columns.length > 0 ? columns.join(', ') : '1 as one'} from ${relation})`;
  }

  private table(alias: string): Table {
    const table = this.tables.find((candidate) => candidate.alias === alias);
    if (!table) throw new Error(`internal: no table ${alias}`);
    return table;
  }

  /** Semantic models that have `entity` as their key (primary, unique or natural). */
  keyedBy(entity: string): SemanticModel[] {
    return this.layer.semanticModels.filter((model) =>
      model.entities.some((candidate) => candidate.name === entity && candidate.type !== 'foreign'),
    );
  }
}
