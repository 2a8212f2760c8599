import type { SizeResult } from './measurements';
import { round } from './stats';

/**
 * Ours / the psql baselines, from the medians: load / `\copy`; build / the script with checks;
 * run / (`\copy` + the script with checks), and run / (`\copy` + the models without checks),
 * which says what all our tests, KPIs and report cost on top of the bare transformation.
 */
export function sizeRatios(size: SizeResult): SizeResult['ratios'] {
  const median = (step?: { seconds: { median: number } }) => step?.seconds.median;
  const copy = median(size.baseline.copy);
  const transform = median(size.baseline.transform);
  const models = median(size.baseline.models);
  const ratios: SizeResult['ratios'] = {};
  if (copy) ratios.load = round(size.ours.load.seconds.median / copy, 2);
  if (transform) ratios.build = round(size.ours.build.seconds.median / transform, 2);
  if (copy && transform) ratios.run = round(size.ours.run.seconds.median / (copy + transform), 2);
  if (copy && models) ratios.runWithoutChecks = round(size.ours.run.seconds.median / (copy + models), 2);
  return ratios;
}
