/**
 * A small RFC 4180 CSV reader: the format the training and evaluation data come in.
 *
 * Fields may be quoted; inside quotes a doubled quote is a literal quote, and commas and newlines
 * are part of the field (project descriptions contain both). Lines end in LF or CRLF. The first
 * record is the header; records come back as objects keyed by it. A quote left open at the end of
 * the file is an error rather than a silently merged record.
 */

/** Raised for malformed CSV; the message names the line where the problem starts. */
export class CsvFormatError extends Error {
  override readonly name = 'CsvFormatError';
}

/** Parses CSV text into records (arrays of fields), header included. */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\n') line++;
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (char === '"') {
      quoted = true;
      quoteLine = line;
    } else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else if (char !== '\r') {
      field += char;
    }
  }
  if (quoted) throw new CsvFormatError(`unterminated quoted field starting on line ${quoteLine}`);
  if (field.length > 0 || record.length > 0) records.push([...record, field]);
  return records;
}

/**
 * Parses CSV text into objects keyed by the header row; missing trailing fields become ''.
 *
 * @example
 * parseCsv('title,tag\n"A, B",cv\n') // → [{ title: 'A, B', tag: 'cv' }]
 */
export function parseCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsvRecords(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (header === undefined) return [];
  return rows
    .filter((row) => !(row.length === 1 && row[0] === ''))
    .map((row) => Object.fromEntries(header.map((name, i) => [name.trim(), row[i] ?? ''])));
}
