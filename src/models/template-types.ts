/** The shapes templates are rendered with (template-renderer.ts) and the functions they call. */

/** What `ref()`, `source()` and `this` render to: the quoted relation, with its parts. */
export class Relation {
  constructor(
    readonly schema: string,
    readonly identifier: string,
    private readonly quoted: string,
  ) {}

  get name(): string {
    return this.identifier;
  }

  toString(): string {
    return this.quoted;
  }
}

/** How the template functions resolve names; undefined means unknown (a problem is reported). */
export interface TemplateScope {
  ref(name: string): Relation | undefined;
  /** The unique id of what ref(name) names (`model.x` or `seed.x`). */
  refId?(name: string): string | undefined;
  source(sourceName: string, table: string): Relation | undefined;
  /** Problem text for an unknown ref/source (with a did-you-mean). */
  unknownRef(name: string): { problem: string; fix: string };
  unknownSource(sourceName: string, table: string): { problem: string; fix: string };
  self?: Relation;
  /** What `is_incremental()` returns (true only when rendering an incremental model's new rows). */
  isIncremental?: boolean;
  /** Macros of `macros/*.sql` and `target` / `dialect`, available in every template. */
  globals?: Record<string, unknown>;
  /** The model's config from the project and its YAML, which `config.get()` reads (config() calls come first). */
  modelConfig?: Record<string, unknown>;
}

export interface RecordedCall<A> {
  args: A;
  line?: number;
}

export interface RenderResult {
  /** The rendered SQL, or undefined when the template could not be rendered. */
  sql?: string;
  refs: RecordedCall<string>[];
  sources: RecordedCall<{ sourceName: string; table: string }>[];
  configs: RecordedCall<Record<string, unknown>>[];
}

export interface TemplateInput {
  file: string;
  text: string;
  /** Line of the file where `text` starts (templates taken from YAML values). */
  firstLine?: number;
}
