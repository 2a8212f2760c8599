import { escapeHtml } from '../html/escape-html';
import { footer, lineage, link, pageShell, testSummary } from './docs-html';
import type { DocKind, DocPage, DocsSite } from './docs-site';

const SECTIONS: Array<{ kind: DocKind; title: string }> = [
  { kind: 'model', title: 'Models' },
  { kind: 'seed', title: 'Seeds' },
  { kind: 'source', title: 'Sources' },
  { kind: 'analysis', title: 'Analyses' },
];

/** index.html: the whole lineage, then every model, seed, source and analysis with its description. */
export function renderIndex(site: DocsSite): string {
  const counts = SECTIONS.map(({ kind, title }) => {
    const n = site.pages.filter((page) => page.kind === kind).length;
    return n > 0 ? `${n} ${title.toLowerCase()}` : '';
  }).filter(Boolean);
  const tables = SECTIONS.map(({ kind, title }) => {
    const pages = site.pages.filter((page) => page.kind === kind).sort(byGroupThenName);
    if (pages.length === 0) return '';
    return `<section id="${kind}s">
<h2>${title}</h2>
<table data-table="${kind}s"><thead><tr><th scope="col">name</th><th scope="col">${kind === 'source' ? 'source' : 'layer'}</th><th scope="col">kind</th><th scope="col">description</th><th scope="col">tests</th></tr></thead><tbody>
${pages.map(row).join('\n')}
</tbody></table>
</section>`;
  }).join('\n');
  return pageShell({
    title: `${site.project} · docs`,
    header: `<h1>${escapeHtml(site.project)}</h1><p class="meta">${escapeHtml(counts.join(' · '))}</p>`,
    body: `<section id="lineage">
<h2>Lineage</h2>
${lineage(site, new Set(site.pages.map((page) => page.id)), 0)}
</section>
${tables}`,
    footer: footer(site),
  });
}

function row(page: DocPage): string {
  return `<tr data-id="${escapeHtml(page.id)}"><td>${link(0, page)}</td><td>${escapeHtml(page.group)}</td><td>${escapeHtml(page.materialized ?? page.kind)}</td><td>${escapeHtml(page.description ?? '')}</td><td>${testSummary(page.tests)}</td></tr>`;
}

function byGroupThenName(a: DocPage, b: DocPage): number {
  return a.group.localeCompare(b.group) || a.name.localeCompare(b.name);
}
