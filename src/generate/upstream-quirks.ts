/**
 * Habits of dbt Labs' jaffle-shop generator (jafgen), whose extracts real users bring: our generator
 * imitates them by default so the pipeline is exercised on data shaped like what it will meet.
 */
export interface UpstreamQuirks {
  /** Lines end with CR LF (jafgen writes CSVs with Python's default dialect). */
  crlf: boolean;
  /** Tax is a floating-point product truncated to cents: 11.00 × 0.06 = 0.6599… → 0.65. */
  floatTax: boolean;
  /** About 0.4% of orders have no items (subtotal, tax and total 0). */
  ordersWithoutItems: boolean;
  /** raw_stores lists every planned store, also those opening after the last simulated day. */
  storesBeforeOpening: boolean;
}

export const UPSTREAM_QUIRKS: UpstreamQuirks = {
  crlf: true,
  floatTax: true,
  ordersWithoutItems: true,
  storesBeforeOpening: true,
};

export const NO_QUIRKS: UpstreamQuirks = {
  crlf: false,
  floatTax: false,
  ordersWithoutItems: false,
  storesBeforeOpening: false,
};

/** Share of orders without items when `ordersWithoutItems` is on (0.43% in a year of jafgen output). */
export const EMPTY_ORDER_SHARE = 0.004;

/**
 * Tax in cents of a subtotal in cents at a rate in ten-thousandths. Exact half-up rounding in
 * integers, or, like jafgen, `int(rate × dollars × 100)` in doubles (IEEE arithmetic only, so the
 * result is the same on every machine).
 */
export function orderTax(subtotalCents: number, rateTenThousandths: number, floatTax: boolean): number {
  if (!floatTax) return Math.floor((subtotalCents * rateTenThousandths + 5000) / 10000);
  return Math.trunc((rateTenThousandths / 10000) * (subtotalCents / 100) * 100);
}
