import { readFileSync } from 'node:fs';

/**
 * A deliberately separate RFC 4180 reader for tests: the expected KPI values are computed from
 * the CSV files with it, never with the code under test.
 */
/** The columns of the six raw files (the contract, written out here, not read from src/). */
export type RawColumn =
  | 'id'
  | 'name'
  | 'customer'
  | 'ordered_at'
  | 'store_id'
  | 'subtotal'
  | 'tax_paid'
  | 'order_total'
  | 'order_id'
  | 'sku'
  | 'type'
  | 'price'
  | 'description'
  | 'cost'
  | 'perishable'
  | 'opened_at'
  | 'tax_rate';

/** A record by column name; a raw file's columns are typed as present (the reader checks counts). */
export type CsvRow = Record<RawColumn, string> & Record<string, string | undefined>;

export function readCsv(file: string): CsvRow[] {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  const [header, ...rows] = records;
  if (!header) throw new Error(`${file}: empty, no header line`);
  return rows.map((row, index) => {
    // Every record has the header's fields, so each column named there has a value.
    if (row.length !== header.length) {
      throw new Error(
        `${file}: record ${index + 1} has ${row.length} fields where the header has ${header.length}`,
      );
    }
    return Object.fromEntries(header.map((name, column) => [name, row[column] ?? ''])) as CsvRow;
  });
}
