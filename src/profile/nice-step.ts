/**
 * A round bin width (1, 2, 2.5 or 5 × a power of ten) that cuts `span` into about `bins` bins, so a
 * histogram of 3.50 … 61.20 dollars gets 2-dollar bins rather than 1.923-dollar ones.
 */
export function niceStep(span: number, bins: number): number {
  if (!(span > 0) || !(bins > 0)) return 1;
  const raw = span / bins;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 2.5, 5, 10]) {
    if (factor * power >= raw) return factor * power;
  }
  return 10 * power;
}
