import { theme } from '../charts';

/** The report's inline stylesheet (no web fonts, nothing fetched). */
export const reportStyles = `
:root {
  --ink: ${theme.ink};
  --muted: ${theme.muted};
  --line: #e4e7eb;
  --panel: #ffffff;
  --page: #f4f5f7;
  --accent: ${theme.primary};
  --pass: #2f855a;
  --warn: #b7791f;
  --fail: #c53030;
  --skip: #718096;
}
* { box-sizing: border-box; }
body {
  margin: 0;
  background: var(--page);
  color: var(--ink);
  font: 15px/1.5 ${theme.font};
}
header {
  background: #1f2933;
  color: #fff;
  padding: 28px 32px 24px;
}
header h1 { margin: 0 0 6px; font-size: 26px; font-weight: 650; letter-spacing: -0.01em; }
header .meta { margin: 0; color: #cbd2d9; font-size: 14px; }
header .meta span + span::before { content: "·"; margin: 0 10px; color: #7b8794; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 48px; }
section { margin-top: 32px; }
h2 { font-size: 19px; margin: 0 0 14px; font-weight: 650; }
h3 { font-size: 15px; margin: 22px 0 8px; font-weight: 650; }
.tiles { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 14px; }
.tile {
  background: var(--panel);
  border: 1px solid var(--line);
  border-top: 4px solid var(--accent);
  border-radius: 8px;
  padding: 14px 16px;
}
.tile .label { color: var(--muted); font-size: 13px; font-weight: 600; }
.tile .value { font-size: 28px; font-weight: 700; margin: 4px 0 2px; font-variant-numeric: tabular-nums; }
.tile .detail { color: var(--muted); font-size: 12.5px; }
.charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
figure {
  margin: 0;
  background: var(--panel);
  border: 1px solid var(--line);
  border-radius: 8px;
  padding: 12px;
  min-width: 0;
}
figure.wide { grid-column: 1 / -1; }
figure svg { display: block; max-width: 100%; height: auto; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 4px 20px 20px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { color: var(--muted); font-weight: 600; font-size: 12.5px; background: #f9fafb; }
tbody tr:nth-child(even) { background: #fafbfc; }
.num { text-align: right; }
table[data-table="summary"] { width: auto; min-width: 460px; }
table[data-table="summary"] td:last-child, table[data-table="summary"] th:last-child { text-align: right; padding-left: 48px; }
details { margin-top: 16px; }
summary { cursor: pointer; font-weight: 600; color: var(--accent); }
.chips { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 12px; }
.chip { border-radius: 999px; padding: 3px 12px; font-size: 13px; background: #edf2f7; }
.chip.status-pass { background: #e6f4ea; color: var(--pass); }
.chip.status-warn { background: #fdf3e1; color: var(--warn); }
.chip.status-fail, .chip.status-error { background: #fdeaea; color: var(--fail); }
.test-list { list-style: none; padding: 0; margin: 0; }
.test-list.passes { columns: 2 320px; margin-top: 8px; }
.test-list li { padding: 3px 0; break-inside: avoid; }
.test-list code { font-size: 13px; }
.badge { display: inline-block; min-width: 58px; font-size: 11px; font-weight: 700; text-transform: uppercase; }
.status-pass .badge { color: var(--pass); }
.status-warn .badge { color: var(--warn); }
.status-fail .badge, .status-error .badge { color: var(--fail); }
.status-skipped .badge { color: var(--skip); }
.failures { color: var(--muted); font-size: 13px; }
td.sample { white-space: normal; font-size: 12.5px; }
td.sample .field { display: inline-block; margin-right: 10px; }
.all-good { color: var(--pass); font-weight: 600; }
.missing { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 12.5px; text-align: center; padding: 0 0 32px; }
@media (max-width: 760px) { .charts, .tiles { grid-template-columns: 1fr; } main { padding: 16px; } }
@media print { body { background: #fff; } header { background: #fff; color: var(--ink); } figure, .tile { break-inside: avoid; } }
`;
