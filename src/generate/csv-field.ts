const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field as RFC 4180 writes it: quoted only when it contains a comma, a double quote, CR or
 * LF, with inner quotes doubled. Anything else (leading or trailing spaces included) is written as is.
 */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
