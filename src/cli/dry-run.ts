import { displayPath } from '../paths/display-path';
import { formatPlan } from '../runner/format-plan';
import { planBuild } from '../runner/plan';
import { readSavedState, selectionState } from '../runner/saved-state';
import { describeTarget, targetDialect } from '../warehouse/open-warehouse';
import { formatLoadPlan } from './dry-run-load';
import type { CommonOptions } from './options';
import type { Selection } from './selection-options';
import type { StageName } from './stage-option';

export const DRY_RUN_OPTION = { 'dry-run': { type: 'boolean' } } as const;

export const DRY_RUN_HELP = `  --dry-run         print every statement the command would send, in order, and exit: nothing
                    is connected to, uploaded or changed (review a Redshift run before paying for it)`;

export interface DryRunInput {
  options: CommonOptions;
  stage?: StageName;
  tables?: string[];
  selection?: Selection;
  resourceTypes?: readonly ('model' | 'test')[];
}

/**
 * `--dry-run` of load, build, test and run: prints the statements to stdout and returns the exit
 * code (1 when a file would already fail its contract). Never opens a connection, so it works for
 * any target with nothing running, and never uploads.
 */
export async function dryRun(
  command: 'load' | 'build' | 'test' | 'run',
  input: DryRunInput,
): Promise<number> {
  const { options } = input;
  const dialect = targetDialect(options.target);
  const sections: string[] = [
    `-- etl-workbook ${command} --target ${options.target} --dry-run: ${describeTarget(options.target)}`,
  ];
  let ok = true;
  if (command === 'load' || command === 'run') {
    const load = await formatLoadPlan({
      target: options.target,
      dialect,
      dataDir: options.data,
      stage: input.stage ?? 'none',
      tables: input.tables,
    });
    ok = load.ok;
    sections.push(load.text);
  }
  if (command !== 'load') {
    // Loaded here, not at the top: load-command imports this file, and a plain `load` must not pay
    // for the model compiler (nunjucks, yaml) at every start.
    // require, not import(): tests run this file through tsx's CommonJS hook, which import() bypasses.
    const { loadProject } = require('../models/load-project') as typeof import('../models/load-project');
    const project = await loadProject(options.project, { dialect });
    const plan = planBuild(project, dialect, {
      select: input.selection?.select,
      exclude: input.selection?.exclude,
      resourceTypes: input.resourceTypes,
      state: input.selection?.stateDir
        ? selectionState(project, await readSavedState(input.selection.stateDir), input.selection.stateDir)
        : undefined,
    });
    sections.push(formatPlan(plan));
    if (command === 'run') {
      const kpis = project.analyses.map(
        (analysis) => `-- kpi ${analysis.name} (${analysis.file})\n${analysis.compiledSql.trimEnd()};`,
      );
      sections.push(
        `-- KPIs (${kpis.length} queries, read-only; written to ${displayPath(options.out)}/kpis.json)\n\n${kpis.join('\n\n')}\n`,
      );
    }
  }
  process.stdout.write(sections.join('\n'));
  return ok ? 0 : 1;
}
