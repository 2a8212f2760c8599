import type { ReportChanges } from './changes-section';
import type { ReportExtractChecks } from './extract-checks-section';
import type { ReportChart } from './report-charts';

/** Status of one data test (dbt's vocabulary: `fail` found rows, `error` means the SQL broke). */
export type ReportTestStatus = 'pass' | 'fail' | 'warn' | 'error' | 'skipped';

/** One data test's outcome. */
export type ReportTest = {
  name: string;
  status: ReportTestStatus;
  /** Rows the test selected (for `fail` and `warn`). */
  failures?: number;
  /** The test's declared severity (`error` blocks, `warn` observes). */
  severity?: 'error' | 'warn';
  /** The first row the test selected, shown in the "Data quality" section. */
  sample?: Record<string, unknown>;
};

/** One table's load (target/load_results.json). */
export type ReportLoad = {
  table: string;
  rows: number;
  seconds: number;
  status: string;
};

/** What writeReport needs: the KPI values, the data tests and (optionally) the loads. */
export type ReportInput = {
  /** The page's heading, e.g. 'Jaffle Shop — retail KPIs'. */
  title: string;
  /** When the numbers were produced (an ISO timestamp reads best). */
  generatedAt: string;
  /**
   * The `kpis` object of target/kpis.json: revenue_by_store_month, store_performance and
   * product_performance as row lists; customer_summary, supply_cost and food_drink_mix as one
   * object each. Numbers may be numbers or numeric strings; a missing KPI shows as unavailable.
   */
  kpis: Record<string, unknown>;
  tests: ReportTest[];
  loads?: ReportLoad[];
  /** "What changed since the last run", from target/diff.json when it describes these KPIs. */
  changes?: ReportChanges;
  /** Source freshness and volume drops against the run history (issue 17), when the run checked them. */
  extractChecks?: ReportExtractChecks;
  /** The charts, already rendered from these same `kpis` (run draws them while its last tests run). */
  charts?: ReportChart[];
};
