import { escapeHtml as e } from '../html/escape-html';
import { selfContainedPage } from '../html/self-contained-page';
import { findingText } from './finding-text';
import type { ColumnProfile, Finding, Profile, Relationship, TableProfile } from './profile';
import { PROFILE_STYLES } from './profile-styles';

/** A chart already rendered to SVG markup (vega's output, inserted as is), or why it is missing. */
export type RenderedChart = { id: string; title: string; svg: string; error?: string };

/** Long values (descriptions) are cut in the tables; the JSON keeps them whole. */
const MAX_SHOWN = 60;

/**
 * The profile as one self-contained HTML page: summary tiles, findings, tables and their keys,
 * relationships, charts, then every table's columns. All text from the data is escaped; the
 * only markup inserted as is is the charts' SVG, which vega writes (and escapes) itself.
 */
export function renderProfileHtml(profile: Profile, charts: readonly RenderedChart[]): string {
  const counts = { error: 0, warn: 0, info: 0 };
  for (const f of profile.findings) counts[f.severity] += 1;
  const title = `Data profile of schema ${profile.schema}`;
  return selfContainedPage({
    title,
    styles: PROFILE_STYLES,
    body: `<main>
<h1>${e(title)}</h1>
<p class="meta">Generated ${e(profile.generatedAt)} in ${e(profile.seconds.toFixed(2))} s.</p>
<div class="tiles">
${tile('Tables', profile.tables.length)}
${tile('Rows', profile.tables.reduce((sum, t) => sum + t.rows, 0).toLocaleString('en-US'))}
${tile('Foreign keys', profile.relationships.filter((r) => r.accepted).length)}
${tile('Errors', counts.error)}
${tile('Warnings', counts.warn)}
${tile('Notes', counts.info)}
</div>
<h2 id="findings">Findings</h2>
${profile.findings.length === 0 ? '<p class="ok">No data-quality problems found.</p>' : findingsTable(profile.findings)}
<h2 id="tables">Tables and keys</h2>
${tablesTable(profile.tables)}
<h2 id="relationships">Relationships</h2>
${profile.relationships.length === 0 ? '<p class="muted">No references between tables found.</p>' : relationshipsTable(profile.relationships)}
${charts.length > 0 ? `<h2 id="charts">Charts</h2>\n${charts.map(figure).join('\n')}` : ''}
<h2 id="columns">Columns</h2>
${profile.tables.map(columnsSection).join('\n')}
</main>`,
  });
}

function tile(label: string, value: string | number): string {
  return `<div class="tile"><b>${e(value)}</b>${e(label)}</div>`;
}

function htmlTable(headers: readonly string[], rows: readonly string[][]): string {
  const head = headers.map((h) => `<th>${e(h)}</th>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows.map((r) => `<tr>${r.join('')}</tr>`).join('\n')}\n</tbody></table>`;
}

const td = (text: unknown, className?: string) =>
  `<td${className ? ` class="${className}"` : ''}>${e(text)}</td>`;
const num = (n: number) => `<td class="num">${e(n.toLocaleString('en-US'))}</td>`;
const shown = (value: string | null | undefined) =>
  value == null ? '' : value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
const values = (list: readonly string[]) =>
  `<td class="value">${list.map((v) => e(`'${shown(v)}'`)).join(', ')}</td>`;

function findingsTable(findings: readonly Finding[]): string {
  return htmlTable(
    ['Severity', 'Finding', 'Count', 'Examples'],
    findings.map((f) => [
      `<td><span class="badge ${f.severity}">${e(f.severity)}</span></td>`,
      td(f.message),
      num(f.count),
      values(f.examples ?? []),
    ]),
  );
}

function tablesTable(tables: readonly TableProfile[]): string {
  return htmlTable(
    ['Table', 'Rows', 'Duplicate rows', 'Keys found in the data', 'Declared key', 'Seconds'],
    tables.map((t) => {
      const keys = t.candidateKeys.map(
        (k) => `(${k.columns.join(', ')})${k.matchesContract ? ' ✓ declared' : ''}`,
      );
      const key = t.contractKey;
      const declared = !key
        ? '<td class="muted">none</td>'
        : `<td class="${key.holds ? 'ok' : 'bad'}">${e(`(${key.columns.join(', ')}) ${key.holds ? 'holds' : `broken: ${key.duplicateValues} duplicated, ${key.nullRows} null`}`)}</td>`;
      return [
        `<td><code>${e(t.name)}</code></td>`,
        num(t.rows),
        num(t.duplicateRows),
        td(keys.length > 0 ? keys.join('; ') : 'none'),
        declared,
        td(t.seconds.toFixed(3), 'num'),
      ];
    }),
  );
}

function relationshipsTable(relationships: readonly Relationship[]): string {
  return htmlTable(
    ['From', 'To', 'Status', 'Coverage', 'Orphan rows', 'Orphan values', 'Examples'],
    relationships.map((r) => [
      `<td><code>${e(`${r.fromTable}.${r.fromColumn}`)}</code></td>`,
      `<td><code>${e(`${r.toTable}.${r.toColumn}`)}</code></td>`,
      r.accepted ? '<td class="ok">foreign key</td>' : '<td class="bad">rejected</td>',
      td(findingText.percent(r.coverage), 'num'),
      num(r.orphanRows),
      num(r.orphanValues),
      values(r.orphanExamples),
    ]),
  );
}

function figure(chart: RenderedChart): string {
  const body = chart.error ? `<p class="bad">${e(chart.error)}</p>` : chart.svg;
  return `<figure data-chart="${e(chart.id)}"><figcaption>${e(chart.title)}</figcaption>${body}</figure>`;
}

function columnsSection(table: TableProfile): string {
  return `<h3 id="table-${e(table.name)}"><code>${e(table.name)}</code> <span class="muted">${e(table.rows.toLocaleString('en-US'))} rows</span></h3>
${htmlTable(
  [
    'Column',
    'Type',
    'Inferred',
    'Nulls',
    'Distinct',
    'Min',
    'Max',
    'Quantiles (p0 · p25 · p50 · p75 · p100)',
    'Top values',
    'Samples',
  ],
  table.columns.map(columnRow),
)}`;
}

function columnRow(c: ColumnProfile): string[] {
  const lengths = c.minLength != null ? ` (length ${c.minLength}–${c.maxLength})` : '';
  const q = c.quantiles;
  return [
    `<td><code>${e(c.name)}</code></td>`,
    td(c.catalogType),
    td(c.inferredType),
    td(`${c.nulls.toLocaleString('en-US')} (${findingText.percent(c.nullShare)})`, 'num'),
    num(c.distinct),
    `<td class="value">${e(shown(c.min))}${e(lengths)}</td>`,
    `<td class="value">${e(shown(c.max))}</td>`,
    td(q ? [q.p0, q.p25, q.p50, q.p75, q.p100].map((v) => Number(v.toPrecision(6))).join(' · ') : ''),
    `<td class="value">${c.topValues.map((v) => `${e(`'${shown(v.value)}'`)}&nbsp;×${e(v.count)}`).join('<br>')}</td>`,
    values(c.samples.slice(0, 3)),
  ];
}
