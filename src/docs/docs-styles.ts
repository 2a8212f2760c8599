import { theme } from '../charts/theme';

/** The docs' inline stylesheet: no web fonts, nothing fetched. */
export const docsStyles = `
:root {
  --ink: ${theme.ink}; --muted: ${theme.muted}; --line: #e4e7eb; --panel: #fff; --page: #f4f5f7;
  --accent: ${theme.primary}; --pass: #2f855a; --warn: #b7791f; --fail: #c53030; --skip: #718096;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink); font: 15px/1.5 ${theme.font}; }
header { background: #1f2933; color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 650; }
header .meta { margin: 0; color: #cbd2d9; font-size: 14px; }
header a { color: #9fd3ff; }
nav.crumbs { font-size: 14px; margin-bottom: 6px; }
main { padding: 20px 32px 48px; max-width: 1400px; }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 0 0 20px; }
h2 { font-size: 18px; margin: 0 0 12px; }
p.description { white-space: pre-wrap; margin: 0 0 8px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; font-size: 14px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
pre { background: #f8f9fb; border: 1px solid var(--line); border-radius: 6px; padding: 12px; overflow: auto; margin: 0; }
details > summary { cursor: pointer; color: var(--muted); margin: 8px 0; }
.muted { color: var(--muted); }
.tag { display: inline-block; background: #e6f0fa; color: #1d4f7a; border-radius: 10px; padding: 0 8px; margin-right: 4px; font-size: 12px; }
.status { font-weight: 600; }
.status.pass, .status.success { color: var(--pass); }
.status.warn { color: var(--warn); }
.status.fail, .status.error { color: var(--fail); }
.status.skipped, .status.not-run { color: var(--skip); font-weight: 400; }
.missing { color: var(--fail); }
.lineage-box { overflow: auto; max-height: 80vh; }
svg.lineage { display: block; font: 12px ${theme.font}; }
svg.lineage .edge { fill: none; stroke: #9aa5b1; stroke-width: 1.3; }
svg.lineage marker path { fill: #9aa5b1; }
svg.lineage .node rect { fill: #e6f0fa; stroke: #4a78a8; stroke-width: 1.2; }
svg.lineage .node text { fill: var(--ink); }
svg.lineage .node.source rect { fill: #e3f4e8; stroke: #3c8a57; }
svg.lineage .node.seed rect { fill: #e6f6f5; stroke: #2c8a84; }
svg.lineage .node.analysis rect { fill: #f4ecfb; stroke: #7b4fa8; }
svg.lineage .node.table rect, svg.lineage .node.incremental rect { fill: #cfe2f5; }
svg.lineage .node.ephemeral rect { stroke-dasharray: 4 3; fill: #fff; }
svg.lineage .node.current rect { fill: #1f2933; stroke: #1f2933; }
svg.lineage .node.current text { fill: #fff; font-weight: 600; }
svg.lineage a.node:hover rect, svg.lineage a.node:focus rect { stroke-width: 2.4; }
.legend span { display: inline-block; margin-right: 14px; font-size: 13px; }
.legend i { display: inline-block; width: 12px; height: 12px; border: 1px solid; border-radius: 3px; vertical-align: -1px; margin-right: 4px; }
footer { color: var(--muted); font-size: 13px; padding: 0 32px 24px; }
`;
