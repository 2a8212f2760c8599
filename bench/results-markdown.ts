import type { BenchResults, StepResult } from './measurements';

const seconds = (step?: StepResult) =>
  step
    ? `${step.seconds.median.toFixed(2)} s${step.seconds.samples.length > 1 ? ` ±${step.seconds.spreadPercent}%` : ''}`
    : '–';
const ratio = (value?: number) => (value === undefined ? '–' : `**${value.toFixed(2)}×**`);
const mb = (step?: StepResult) => (step?.peakRssMb ? `${step.peakRssMb.max} MB` : '–');

/** The results as the markdown the README's Performance section shows. */
export function resultsMarkdown(results: BenchResults): string {
  const m = results.machine;
  const lines = [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM, ${m.os}; Node ${m.node}; ${m.postgres}` +
      `${m.psql ? ` (client ${m.psql})` : ''}; ${results.server}. ${results.startedAt.slice(0, 10)}` +
      `${results.quick ? ' (BENCH_QUICK: one repetition)' : ''}. Load average (1, 5, 15 min) at the start ` +
      `${m.loadAverage.join(', ')}${results.finishLoadAverage ? `, at the end ${results.finishLoadAverage.join(', ')}` : ''}.`,
    '',
    'Median wall time of each whole process (± spread = (max − min) / median over the repetitions);',
    'ratio = ours / the psql baseline on the same server in the same run (lower is better, 1.00× = the limit).',
    '',
    '| data | items | psql `\\copy` | `load` | load ratio | psql SQL script | psql models only | `build` (models + tests) | build ratio | `kpis` | `run` | run / (copy + script) | run / (copy + models only) | peak RSS `run` |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const size of results.sizes) {
    lines.push(
      `| ${size.years} y (${(size.bytes / 1e6).toFixed(0)} MB) | ${(size.rows.raw_items ?? 0).toLocaleString('en-US')} | ` +
        `${seconds(size.baseline.copy)} | ${seconds(size.ours.load)} | ${ratio(size.ratios.load)} | ` +
        `${seconds(size.baseline.transform)} | ${seconds(size.baseline.models)} | ${seconds(size.ours.build)} | ${ratio(size.ratios.build)} | ` +
        `${seconds(size.ours.kpis)} | ${seconds(size.ours.run)} | ${ratio(size.ratios.run)} | ${ratio(size.ratios.runWithoutChecks)} | ${mb(size.ours.run)} |`,
    );
  }
  const reps = results.sizes.map((size) => `${size.years} y: ${size.repetitions}`).join(', ');
  lines.push('', `Repetitions: ${reps}. Peak RSS of our process: load / build / kpis / run per size:`);
  for (const size of results.sizes) {
    lines.push(
      `- ${size.years} y: ${mb(size.ours.load)} / ${mb(size.ours.build)} / ${mb(size.ours.kpis)} / ${mb(size.ours.run)}` +
        `${size.baseline.checks ? ` (baseline checks ${size.baseline.checks}, our tests ${size.ours.tests ?? '?'})` : ''}`,
    );
  }
  lines.push('');
  if (results.cliHelp)
    lines.push(
      `- CLI startup (\`etl-workbook --help\`): ${seconds(results.cliHelp)}, ${mb(results.cliHelp)}.`,
    );
  if (results.cold) {
    lines.push(
      `- Cold \`npm run pipeline\` (${results.cold.dataset}, embedded server stopped, its start included): ${seconds(results.cold.pipeline)}` +
        `${results.cold.firstRun ? `; first run in a fresh home (creates the cluster): ${seconds(results.cold.firstRun)}` : ''}.`,
    );
  }
  if (results.notebooks) {
    const each = results.notebooks.notebooks
      .map((n) => `${n.name} ${n.seconds.toFixed(1)} s (kernel start ${n.kernelStartSeconds.toFixed(1)} s)`)
      .join(', ');
    lines.push(`- Notebooks, headless: ${results.notebooks.seconds.toFixed(1)} s in all: ${each}.`);
  }
  if (results.diff) {
    const d = results.diff;
    lines.push(
      `- diff with attribution, one year (notebook 05's example): ${d.diffSeconds.median} s (process ${d.processSeconds.median} s, peak RSS ${d.peakRssMb ?? '?'} MB); ` +
        `keeping a base: tables copied into a schema ${d.copySchemaSeconds.median} s vs CREATE DATABASE … TEMPLATE ${d.createDatabaseTemplateSeconds.median} s.`,
    );
  }
  if (results.compile !== undefined) lines.push(`- Compile benchmark: ${compileText(results.compile)}`);
  for (const note of results.notes) lines.push(`- ${note}`);
  return lines.join('\n');
}

/** bench/compile.ts's result: its own `markdown` when it gives one, else the JSON. */
function compileText(result: unknown): string {
  if (
    result &&
    typeof result === 'object' &&
    typeof (result as { markdown?: unknown }).markdown === 'string'
  ) {
    return `\n\n${(result as { markdown: string }).markdown}\n`;
  }
  return `\`${JSON.stringify(result)}\``;
}
