import { tslabDisplay } from '../charts/tslab-display';

/** Shows an SVG drawing in a notebook (with a text line for text-only viewers); prints the text elsewhere. */
export function showSvg(svg: string, text: string): void {
  const send = tslabDisplay();
  if (send) send({ data: { 'image/svg+xml': svg, 'text/plain': text }, metadata: {} } as never);
  else console.log(text);
}
