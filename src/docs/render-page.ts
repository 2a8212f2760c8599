import { escapeHtml } from '../html/escape-html';
import { footer, lineage, link, pageShell, problemMessage, relative, testStatus } from './docs-html';
import type { DocPage, DocsSite } from './docs-site';

/** A node's page (one folder deep): facts, columns with types and tests, tests, lineage, SQL. */
export function renderPage(site: DocsSite, page: DocPage): string {
  const byId = new Map(site.pages.map((other) => [other.id, other]));
  const links = (ids: string[]) =>
    ids.length === 0
      ? '<span class="muted">none</span>'
      : ids.map((id) => (byId.has(id) ? link(1, byId.get(id) as DocPage) : escapeHtml(id))).join(', ');
  const facts: Array<[string, string]> = [
    ['relation', page.relation ? `<code>${escapeHtml(page.relation)}</code>${builtNote(page)}` : ''],
    ['materialized', escapeHtml(page.materialized ?? '')],
    ['file', `<code>${escapeHtml(page.file)}</code>`],
    ['tags', page.tags.map((tag) => `<span class="tag">${escapeHtml(tag)}</span>`).join('')],
    ['depends on', links(page.parents)],
    ['used by', links(page.children)],
  ];
  const sections = [
    `<section id="overview"><h2>Overview</h2>${
      page.description
        ? `<p class="description">${escapeHtml(page.description)}</p>`
        : '<p class="muted">No description.</p>'
    }<dl class="facts">${facts
      .filter(([, value]) => value !== '')
      .map(([name, value]) => `<dt>${name}</dt><dd>${value}</dd>`)
      .join('')}</dl></section>`,
    columnsSection(page),
    testsSection(page),
    `<section id="lineage"><h2>Lineage</h2>${lineage(site, neighbourhood(site, page.id), 1, page.id)}</section>`,
    sqlSection(page),
  ];
  return pageShell({
    title: `${page.name} · ${site.project} docs`,
    header: `<nav class="crumbs"><a href="${relative(1, 'index.html')}">${escapeHtml(site.project)}</a> / ${escapeHtml(page.kind)}</nav><h1>${escapeHtml(page.name)}</h1>`,
    body: sections.filter(Boolean).join('\n'),
    footer: footer(site),
  });
}

function builtNote(page: DocPage): string {
  if (page.built === false) return ' <span class="missing">(not in the warehouse: build it first)</span>';
  return '';
}

function columnsSection(page: DocPage): string {
  if (page.columns.length === 0)
    return '<section id="columns"><h2>Columns</h2><p class="muted">No columns described.</p></section>';
  const rows = page.columns.map((column) => {
    const type = column.type
      ? `<code>${escapeHtml(column.type)}</code>${column.typeFrom === 'yaml' ? ' <span class="muted">(YAML)</span>' : ''}`
      : '<span class="muted">unknown</span>';
    const missing =
      column.inWarehouse === false ? ' <span class="missing">(not in the warehouse)</span>' : '';
    const tests = column.tests.map((test) => `${escapeHtml(test.type)}: ${testStatus(test)}`).join('<br>');
    return `<tr data-column="${escapeHtml(column.name)}"><td><code>${escapeHtml(column.name)}</code>${missing}</td><td>${type}</td><td>${escapeHtml(column.description ?? '')}</td><td>${tests}</td></tr>`;
  });
  return `<section id="columns"><h2>Columns</h2><table data-table="columns"><thead><tr><th scope="col">column</th><th scope="col">type</th><th scope="col">description</th><th scope="col">tests</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></section>`;
}

function testsSection(page: DocPage): string {
  if (page.kind === 'analysis') return '';
  if (page.tests.length === 0)
    return '<section id="tests"><h2>Tests</h2><p class="muted">No tests.</p></section>';
  const rows = page.tests.map(
    (test) =>
      `<tr data-test="${escapeHtml(test.id)}"><td><code>${escapeHtml(test.name)}</code></td><td>${escapeHtml(test.type)}</td><td>${escapeHtml(test.column ?? '')}</td><td>${escapeHtml(test.severity ?? '')}</td><td>${testStatus(test)}</td><td>${escapeHtml(problemMessage(test))}</td></tr>`,
  );
  return `<section id="tests"><h2>Tests</h2><table data-table="tests"><thead><tr><th scope="col">test</th><th scope="col">type</th><th scope="col">column</th><th scope="col">severity</th><th scope="col">last result</th><th scope="col">message</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></section>`;
}

function sqlSection(page: DocPage): string {
  const parts: string[] = [];
  if (page.compiledSql !== undefined)
    parts.push(`<h2>Compiled SQL</h2><pre><code>${escapeHtml(page.compiledSql)}</code></pre>`);
  if (page.rawSql !== undefined) {
    const what = page.kind === 'seed' ? 'CSV file' : 'Source (with templates)';
    parts.push(
      `<details><summary>${what}</summary><pre><code>${escapeHtml(page.rawSql)}</code></pre></details>`,
    );
  }
  return parts.length > 0 ? `<section id="sql">${parts.join('\n')}</section>` : '';
}

/** The node, its ancestors and its descendants. */
function neighbourhood(site: DocsSite, id: string): Set<string> {
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const [from, to] of site.edges) {
    parents.set(to, [...(parents.get(to) ?? []), from]);
    children.set(from, [...(children.get(from) ?? []), to]);
  }
  const found = new Set([id]);
  for (const next of [parents, children]) {
    const stack = [id];
    while (stack.length > 0) {
      for (const other of next.get(stack.pop() as string) ?? []) {
        if (!found.has(other)) {
          found.add(other);
          stack.push(other);
        }
      }
    }
  }
  return found;
}
