import type { DisplayBundle } from './display-bundle';

type WriteDisplayData = (
  content: DisplayBundle & { transient: Record<string, unknown> },
  update: boolean,
) => void;

const tslabJupyterModule = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/**
 * The tslab kernel's way to send a display message carrying several mime types, or undefined
 * when this process is not a tslab kernel.
 *
 * tslab's public `display` sends one mime type per message (`display.raw(type, data)`), so a
 * bundle goes through the function its public API itself calls: `lastWriteDisplayData` of
 * tslab/dist/jupyter.js, set to the running cell's `display_data` writer before each execution.
 * It is looked up in `require.cache` rather than required, so the kernel's own tslab copy is
 * found even when it is not the one this package would resolve (a global `tslab install`).
 */
export function tslabDisplay(): ((bundle: DisplayBundle) => void) | undefined {
  for (const [file, loaded] of Object.entries(require.cache)) {
    if (!tslabJupyterModule.test(file)) continue;
    const write = (loaded?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof write === 'function') {
      return (bundle) => (write as WriteDisplayData)({ ...bundle, transient: {} }, false);
    }
  }
  return undefined;
}
