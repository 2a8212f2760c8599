/** The report's inline stylesheet (the HTML file is self-contained). */
export const PROFILE_STYLES = `
:root { color-scheme: light; --ink: #1f2933; --muted: #52606d; --line: #e4e7eb; --error: #b42318; --warn: #b54708; --info: #175cd3; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 Helvetica, Arial, "DejaVu Sans", sans-serif; color: var(--ink); background: #f8f9fb; }
main { max-width: 1180px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
.meta { color: var(--muted); margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; background: #fff; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f1f3f6; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, .value { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
.badge { display: inline-block; min-width: 44px; text-align: center; padding: 0 6px; border-radius: 10px; color: #fff; font-size: 12px; }
.badge.error { background: var(--error); } .badge.warn { background: var(--warn); } .badge.info { background: var(--info); }
.ok { color: #067647; } .bad { color: var(--error); } .muted { color: var(--muted); }
.tiles { display: flex; gap: 12px; flex-wrap: wrap; }
.tile { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 130px; }
.tile b { display: block; font-size: 20px; }
figure { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 12px 0; padding: 8px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
figure svg { max-width: 100%; height: auto; }
`;
