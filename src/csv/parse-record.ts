/**
 * The one CSV record parser (RFC 4180 quoting, LF or CRLF): the loader reads a file's header with
 * it, the compiler a seed's. Records end at a newline outside quotes, as RecordScanner finds them.
 */
/** Parses one CSV record starting at `start`; `end` is the index of its terminating newline (or the text's length). */
export function parseCsvLine(
  text: string,
  start = 0,
): { fields: string[]; end: number; unterminated: boolean } {
  const fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let i = start;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else field += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n') break;
    else if (!(ch === '\r' && text[i + 1] === '\n')) field += ch;
  }
  fields.push(field);
  return { fields, end: i, unterminated: inQuotes };
}

/** The first record's fields, trimmed; none when the first line is empty. */
export function csvHeader(text: string): string[] {
  const { fields } = parseCsvLine(text);
  return fields.length === 1 && fields[0] === '' ? [] : fields.map((field) => field.trim());
}
