import { readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { DBT_PROJECT_FILE, discoverDbtProject } from './discover-dbt-project';
import {
  ANALYSIS_FOLDERS,
  MACROS_FOLDER,
  type ProjectFiles,
  SEEDS_FOLDER,
  type SourceFile,
  TESTS_FOLDER,
} from './project-files';
import { walk } from './walk-files';

export interface DiscoverOptions {
  /** Folder that display paths are relative to (default: the working folder). */
  displayRoot?: string;
}

/**
 * Reads the SQL project under `dir` (the only I/O of the models library): project.yml, every
 * YAML file, the models, singular tests and analyses. Hidden entries and node_modules are skipped.
 */
export async function discoverProject(dir: string, options: DiscoverOptions = {}): Promise<ProjectFiles> {
  const root = resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new Error(
      `The SQL project folder ${dir} does not exist. Point to the folder that holds project.yml (sql/ in this repository) or a dbt project's dbt_project.yml.`,
    );
  }
  const displayRoot = resolve(options.displayRoot ?? process.cwd());
  if (await stat(join(root, DBT_PROJECT_FILE)).catch(() => undefined)) {
    return discoverDbtProject(root, (absolute) => {
      const shown = relative(displayRoot, absolute).split(sep).join('/');
      return shown.startsWith('..') ? absolute : shown;
    });
  }
  const files: ProjectFiles = {
    dir: root,
    yamlFiles: [],
    modelFiles: [],
    testFiles: [],
    analysisFiles: [],
    strayFiles: [],
    seedFiles: [],
    macroFiles: [],
  };
  for (const absolute of await walk(root)) {
    const path = relative(root, absolute).split(sep).join('/');
    const shown = relative(displayRoot, absolute).split(sep).join('/');
    const file: SourceFile = { file: shown.startsWith('..') ? absolute : shown, path, text: '' };
    const top = path.includes('/') ? path.slice(0, path.indexOf('/')) : '';
    const isYaml = /\.ya?ml$/.test(path);
    const isSql = path.endsWith('.sql');
    const isSeed = top === SEEDS_FOLDER && path.endsWith('.csv');
    if (!isYaml && !isSql && !isSeed) continue;
    file.text = (await readFile(absolute, 'utf8')).replace(/^\uFEFF/, '');
    if (path === 'project.yml' || path === 'project.yaml') files.projectFile = file;
    else if (isSeed) files.seedFiles?.push(file);
    else if (isYaml) {
      // analysis/*.yml describes KPIs for the KPI code, not models.
      if (!ANALYSIS_FOLDERS.includes(top)) files.yamlFiles.push(file);
    } else if (top === '') files.strayFiles.push(file);
    else if (top === TESTS_FOLDER) files.testFiles.push(file);
    else if (top === MACROS_FOLDER) files.macroFiles?.push(file);
    else if (ANALYSIS_FOLDERS.includes(top)) files.analysisFiles.push(file);
    else files.modelFiles.push(file);
  }
  return files;
}
