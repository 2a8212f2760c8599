import { existsSync } from 'node:fs';
import { findChromium } from './chromium';
import { findJupyterNotebook } from './jupyter-server';

export type FrontEnd = { chromium: string; jupyterNotebook: string };

/**
 * Chromium and Jupyter Notebook for the front-end test, which apt brings (`.ci/run` installs
 * them). Without them the suite says why it skips; under CI=true on a machine where apt could
 * have installed them (apt-get present, running as root) their absence is a failure, never a skip.
 */
export function requireFrontEnd(context: Mocha.Context): FrontEnd {
  const chromium = findChromium();
  const jupyter = findJupyterNotebook();
  if (chromium.path !== undefined && jupyter.path !== undefined)
    return { chromium: chromium.path, jupyterNotebook: jupyter.path };
  const reasons = [chromium.reason, jupyter.reason].filter(Boolean).join(' ');
  if (process.env.CI === 'true' && aptUsable())
    throw new Error(
      `${reasons} .ci/run installs both with apt, which is usable here: under CI=true this test must run.`,
    );
  console.log(`      skipped: ${reasons}`);
  context.skip();
  throw new Error('unreachable: mocha skip() throws');
}

/** What .ci/run checks before it installs with apt. */
function aptUsable(): boolean {
  return existsSync('/usr/bin/apt-get') && process.getuid?.() === 0;
}
