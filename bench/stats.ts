/** Median and spread of repeated measurements. */
export interface Summary {
  samples: number[];
  median: number;
  min: number;
  max: number;
  /** (max − min) / median, in percent; 0 for a single sample. */
  spreadPercent: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  const min = sorted[0] ?? 0;
  const max = sorted[sorted.length - 1] ?? 0;
  return {
    samples,
    median: round(median),
    min: round(min),
    max: round(max),
    spreadPercent: median > 0 ? Math.round(((max - min) / median) * 100) : 0,
  };
}

export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
