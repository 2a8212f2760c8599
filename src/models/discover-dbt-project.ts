import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { at } from '../common/at';
import type { CompileProblem } from './compile-error';
import { readDbtProject } from './dbt-project';
import type { InstalledPackage, ProjectFiles, SourceFile } from './project-files';
import { walk } from './walk-files';

export const DBT_PROJECT_FILE = 'dbt_project.yml';

/**
 * Reads a dbt project (a folder with dbt_project.yml): only the folders its *-paths name, each
 * file's `path` relative to its folder (so `models/staging/x.sql` is model `x` of layer `staging`).
 * Files elsewhere (packages.yml, CI files, dbt_packages/, target/) are not project files.
 */
export async function discoverDbtProject(
  root: string,
  show: (absolute: string) => string,
): Promise<ProjectFiles> {
  const projectFile: SourceFile = {
    file: show(join(root, DBT_PROJECT_FILE)),
    path: DBT_PROJECT_FILE,
    text: await readText(join(root, DBT_PROJECT_FILE)),
  };
  const problems: CompileProblem[] = [];
  const settings = readDbtProject(projectFile, problems);
  const files: ProjectFiles = {
    dir: root,
    projectFile,
    yamlFiles: [],
    modelFiles: [],
    testFiles: [],
    analysisFiles: [],
    strayFiles: [],
    seedFiles: [],
    macroFiles: [],
    dbt: { settings, packages: await readPackageNames(root), problems },
  };
  const read = async (folder: string, take: (file: SourceFile, isYaml: boolean) => void) => {
    const base = join(root, folder);
    for (const absolute of await walk(base)) {
      const path = relative(base, absolute).split(sep).join('/');
      const isYaml = /\.ya?ml$/.test(path);
      if (!isYaml && !/\.(sql|csv)$/.test(path)) continue;
      take({ file: show(absolute), path, text: await readText(absolute) }, isYaml);
    }
  };
  for (const folder of settings.modelPaths)
    await read(folder, (file, isYaml) => (isYaml ? files.yamlFiles : files.modelFiles).push(file));
  for (const folder of settings.macroPaths)
    await read(folder, (file, isYaml) => (isYaml ? files.yamlFiles : files.macroFiles)?.push(file));
  for (const folder of settings.seedPaths)
    await read(folder, (file, isYaml) => (isYaml ? files.yamlFiles : files.seedFiles)?.push(file));
  for (const folder of settings.analysisPaths)
    await read(folder, (file, isYaml) => (isYaml ? files.yamlFiles : files.analysisFiles).push(file));
  for (const folder of settings.testPaths) {
    await read(folder, (file, isYaml) => {
      if (isYaml) files.yamlFiles.push(file);
      // tests/generic/*.sql hold {% test %} definitions (macros), not singular tests.
      else if (file.path.startsWith('generic/')) files.macroFiles?.push(file);
      else files.testFiles.push(file);
    });
  }
  for (const folder of settings.snapshotPaths) {
    await read(folder, (file) =>
      settings.ignoredKeys.push(`${file.file}: snapshots are not implemented (ignored)`),
    );
  }
  files.seedFiles = files.seedFiles?.filter((file) => file.path.endsWith('.csv'));
  if (files.dbt) files.dbt.installed = await readInstalledPackages(root, show);
  return files;
}

/**
 * dbt_packages/<folder>/ (what `dbt deps` installs): each package's name (from its
 * dbt_project.yml, else the folder's) and the .sql files of its macros/ and tests/generic/.
 */
async function readInstalledPackages(
  root: string,
  show: (absolute: string) => string,
): Promise<InstalledPackage[]> {
  const base = join(root, 'dbt_packages');
  const folders = await readdir(base, { withFileTypes: true }).catch(() => []);
  const installed: InstalledPackage[] = [];
  for (const folder of folders
    .filter((entry) => entry.isDirectory())
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const dir = join(base, folder.name);
    const project = await readText(join(dir, DBT_PROJECT_FILE)).catch(() => '');
    const name = /^name:\s*["']?([A-Za-z_]\w*)/m.exec(project)?.[1] ?? folder.name;
    const files: SourceFile[] = [];
    for (const sub of ['macros', join('tests', 'generic')]) {
      for (const absolute of await walk(join(dir, sub))) {
        if (!absolute.endsWith('.sql')) continue;
        files.push({
          file: show(absolute),
          path: relative(dir, absolute).split(sep).join('/'),
          text: await readText(absolute),
        });
      }
    }
    installed.push({ name, files });
  }
  return installed;
}

/** The package names packages.yml lists (`dbt-labs/dbt_utils` → `dbt_utils`; git URLs by their last part). */
async function readPackageNames(root: string): Promise<string[]> {
  const text = await readText(join(root, 'packages.yml')).catch(() => '');
  const names: string[] = [];
  for (const match of text.matchAll(/^\s*-?\s*(package|git|local):\s*["']?([^"'\s#]+)/gm)) {
    const last =
      at(match, 2, 'match[2]')
        .replace(/\.git$/, '')
        .split('/')
        .at(-1) ?? '';
    names.push(last.replace(/-/g, '_').replace(/^dbt_audit_helper$/, 'audit_helper'));
  }
  return names;
}

async function readText(path: string): Promise<string> {
  return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
}
