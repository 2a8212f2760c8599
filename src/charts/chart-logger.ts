/** A logger as vega and vega-lite take it (the shape of vega-util's `logger()`). */
export type ChartLogger = {
  level(next?: number): number | ChartLogger;
  error(...args: readonly unknown[]): ChartLogger;
  warn(...args: readonly unknown[]): ChartLogger;
  info(...args: readonly unknown[]): ChartLogger;
  debug(...args: readonly unknown[]): ChartLogger;
};

/**
 * A logger that hands warnings (and, for vega, errors) to `onMessage` instead of the console,
 * prefixed with `source`; info and debug are dropped. With `throwOnError`, an error throws.
 */
export function chartLogger(
  source: string,
  onMessage: (message: string) => void,
  throwOnError = false,
): ChartLogger {
  let level = 2;
  const text = (args: readonly unknown[]) => `${source}: ${args.map(String).join(' ')}`;
  const logger: ChartLogger = {
    level(next?: number) {
      if (next === undefined) return level;
      level = next;
      return logger;
    },
    error(...args) {
      if (throwOnError) throw new Error(text(args));
      onMessage(text(args));
      return logger;
    },
    warn(...args) {
      onMessage(text(args));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** Where chart warnings go when the caller gives no handler: Node's process warnings. */
export function emitChartWarning(message: string): void {
  process.emitWarning(message, 'ChartWarning');
}
