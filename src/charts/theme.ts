/**
 * The one look shared by every chart: palette, font, sizes and the vega-lite `config` each spec
 * carries (so JupyterLab, VS Code, the SVG and the PNG all look the same).
 */
const font = 'Helvetica, Arial, "DejaVu Sans", "Liberation Sans", sans-serif';
const ink = '#1f2933';
const muted = '#52606d';
const grid = '#e4e7eb';
const palette = [
  '#2e5eaa',
  '#e07a3f',
  '#3a9d8f',
  '#8e6c8a',
  '#c9a227',
  '#7a5230',
  '#d1678a',
  '#5b8e3e',
  '#5f6b7a',
  '#b5483b',
];

export const theme = {
  font,
  palette,
  primary: palette[0],
  ink,
  muted,
  /** Sequential scheme of heatmaps. */
  heatmapScheme: 'blues',
  width: 560,
  height: 280,
  /** Band size of bars and heatmap rows, in pixels. */
  step: 26,
  config: {
    font,
    background: '#ffffff',
    padding: 12,
    view: { stroke: null },
    title: {
      anchor: 'start',
      fontSize: 15,
      fontWeight: 600,
      color: ink,
      subtitleColor: muted,
      subtitleFontSize: 12,
      offset: 12,
    },
    axis: {
      labelFontSize: 11,
      labelColor: muted,
      titleFontSize: 12,
      titleFontWeight: 600,
      titleColor: ink,
      gridColor: grid,
      domainColor: '#9aa5b1',
      tickColor: '#9aa5b1',
      labelLimit: 240,
    },
    axisBand: { grid: false },
    legend: {
      labelFontSize: 11,
      labelColor: muted,
      titleFontSize: 12,
      titleFontWeight: 600,
      titleColor: ink,
      labelLimit: 240,
    },
    range: { category: palette },
    bar: { color: palette[0], cornerRadiusEnd: 2 },
    line: { color: palette[0], strokeWidth: 2 },
    point: { color: palette[0], filled: true, size: 60 },
    rect: { stroke: '#ffffff', strokeWidth: 1 },
    text: { color: ink, fontSize: 11 },
  },
} as const;
