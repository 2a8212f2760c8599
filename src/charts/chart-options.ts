/** Options every chart factory takes. */
export type ChartOptions = {
  /** The chart's title (each factory derives one from the fields when omitted). */
  title?: string;
  /** A second, smaller title line. */
  subtitle?: string;
  /** Width of the plot area in pixels. */
  width?: number;
  /** Height of the plot area in pixels. */
  height?: number;
};
