/**
 * The result of profiling a schema: plain JSON (it is written as target/profile.json and read by
 * notebooks through the compiled .d.ts, so no library types appear here).
 */
export type Profile = {
  schema: string;
  /** ISO timestamp of the end of the run. */
  generatedAt: string;
  /** Wall-clock seconds of the whole run. */
  seconds: number;
  tables: TableProfile[];
  /** Tested references between tables: accepted foreign keys and name-suggested ones that failed. */
  relationships: Relationship[];
  findings: Finding[];
  /** Small aggregations for the report's charts (absent when the tables they need are missing). */
  charts: ProfileChartData;
  /** Seconds spent on the cross-table steps. */
  timings: { relationships: number; rules: number; charts: number };
};

/** What the values of a column look like. */
export type InferredType = 'integer' | 'decimal' | 'timestamp' | 'boolean' | 'uuid' | 'text';

export type TopValue = { value: string | null; count: number };

export type Quantiles = { p0: number; p25: number; p50: number; p75: number; p100: number };

export type ColumnProfile = {
  name: string;
  /** The type the catalog declares (information_schema `data_type`). */
  catalogType: string;
  /** From the catalog type, or for text columns from the values when every one matches a pattern. */
  inferredType: InferredType;
  /** Text columns only: how many non-null values look like each kind (first matching kind wins). */
  valueKinds?: Partial<Record<InferredType, number>>;
  nulls: number;
  /** nulls / rows (0 for an empty table). */
  nullShare: number;
  distinct: number;
  /** Smallest and largest value, as text (null when the column has no values or no ordering). */
  min: string | null;
  max: string | null;
  /** Text columns: shortest and longest value, in characters. */
  minLength?: number | null;
  maxLength?: number | null;
  /** Numeric columns: p0, p25, p50, p75, p100 (percentile_cont). */
  quantiles?: Quantiles | null;
  /** The most frequent values (empty when no value repeats, or in tables over 10,000 rows when more than half the values are distinct). */
  topValues: TopValue[];
  /** A few non-null values from the first rows. */
  samples: string[];
};

export type KeyProfile = {
  columns: string[];
  /** The contract (or the caller) declares exactly these columns as the table's key. */
  matchesContract: boolean;
};

/** How the declared key of a table holds up in the data. */
export type ContractKeyCheck = {
  columns: string[];
  /** No nulls and no duplicates. */
  holds: boolean;
  /** Rows where some key column is null. */
  nullRows: number;
  /** Key values that appear on more than one row. */
  duplicateValues: number;
  /** Rows carrying such a duplicated value. */
  duplicateRows: number;
  /** A few duplicated values (composite keys joined with ", "). */
  examples: string[];
};

export type TableProfile = {
  name: string;
  rows: number;
  /** Rows identical in every column to an earlier row (so 0 when a single-column key exists). */
  duplicateRows: number;
  columns: ColumnProfile[];
  /** Candidate keys found in the data: single columns, else pairs. */
  candidateKeys: KeyProfile[];
  /** Column pairs tested when no single-column key exists (after pruning). */
  testedPairs: number;
  contractKey: ContractKeyCheck | null;
  seconds: number;
};

export type Relationship = {
  fromTable: string;
  fromColumn: string;
  toTable: string;
  toColumn: string;
  /** The column name points at the referenced table or key (e.g. `store_id` → raw_stores.id). */
  nameSuggests: boolean;
  /** Share of the non-null values found in the referenced key (1 when there are none). */
  coverage: number;
  nonNull: number;
  /** Non-null rows whose value is not in the referenced key. */
  orphanRows: number;
  orphanValues: number;
  orphanExamples: string[];
  /** coverage ≥ the threshold: reported as a foreign key. */
  accepted: boolean;
};

export type Severity = 'error' | 'warn' | 'info';

export type Finding = {
  severity: Severity;
  /** Stable identifier of the check, e.g. `orphan_reference`, `order_total_mismatch`. */
  code: string;
  table: string;
  column?: string;
  /** Rows (or values, as the message says) concerned. */
  count: number;
  message: string;
  examples?: string[];
};

export type ProfileChartData = {
  /** Histogram of raw_orders.order_total in dollars: [binStart, binEnd) → orders. */
  orderValues?: { binStart: number; binEnd: number; orders: number }[];
  /** Orders per calendar day (YYYY-MM-DD). */
  ordersPerDay?: { day: string; orders: number }[];
  /** How many orders have n items (orders without items count under 0). */
  itemsPerOrder?: { items: number; orders: number }[];
};
