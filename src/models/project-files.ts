import type { CompileProblem } from './compile-error';
import type { DbtProjectSettings } from './dbt-project-settings';

/** One file of the SQL project, read into memory. */
export interface SourceFile {
  /** Path to show in messages, relative to the working folder: `sql/staging/stg_orders.sql`. */
  file: string;
  /** Path relative to the project folder, with `/`: `staging/stg_orders.sql`. */
  path: string;
  text: string;
}

/**
 * The SQL project's files, sorted by path: what discover reads and compile (pure) takes. Tests
 * build one in memory or change a file's text before compiling.
 */
export interface ProjectFiles {
  /** Absolute path of the project folder. */
  dir: string;
  /** `project.yml`, when present. */
  projectFile?: SourceFile;
  /** Every other `*.yml` / `*.yaml` outside `analysis/`: `models:` and `sources:` declarations. */
  yamlFiles: SourceFile[];
  /** `<layer>/**\/<model>.sql` */
  modelFiles: SourceFile[];
  /** `tests/**\/<test>.sql` (singular tests) */
  testFiles: SourceFile[];
  /** `analysis/**\/<name>.sql` */
  analysisFiles: SourceFile[];
  /** `seeds/**\/<name>.csv`: reference tables loaded with COPY. */
  seedFiles?: SourceFile[];
  /** `macros/**\/*.sql`: nunjucks macros available in every template. */
  macroFiles?: SourceFile[];
  /** `.sql` files directly in the project folder (not in a layer folder): reported by compile. */
  strayFiles: SourceFile[];
  /** A dbt project (dbt_project.yml): its settings and the packages packages.yml names. */
  dbt?: {
    settings: DbtProjectSettings;
    packages: string[];
    problems: CompileProblem[];
    /** Packages installed in dbt_packages/ (by `dbt deps`): their macros and generic tests. */
    installed?: InstalledPackage[];
  };
}

/** A package of dbt_packages/<folder>: its name (its dbt_project.yml's) and its macro files. */
export interface InstalledPackage {
  name: string;
  files: SourceFile[];
}

/** Top folders that hold no models. */
export const TESTS_FOLDER = 'tests';
export const ANALYSIS_FOLDERS: readonly string[] = ['analysis', 'analyses'];
export const SEEDS_FOLDER = 'seeds';
export const MACROS_FOLDER = 'macros';

export function baseName(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
