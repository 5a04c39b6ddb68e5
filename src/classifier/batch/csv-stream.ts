/**
 * A streaming CSV reader (RFC 4180) for the batch job: reads a file of any size chunk by chunk.
 *
 * The training reader (`training/csv.ts`) parses a whole string, fine for the training set; the
 * batch job may be pointed at millions of rows, so this one is a state machine fed one chunk at a
 * time. A record may span chunks and lines: inside quotes, commas and newlines belong to the field
 * and `""` is a literal quote. CRLF and LF both end a record; a leading byte-order mark is dropped;
 * a quote left open at end of input is an error naming the line it opened on. Each record comes
 * back with the byte offset reached, which drives the progress bar.
 */
import { createReadStream } from 'node:fs';
import { CsvFormatError } from '../errors.js';

/** One parsed record and where the reader stood after it. */
export interface CsvRecord {
  fields: string[];
  /** Line on which the record starts (1-based). */
  line: number;
}

/** The reader's states, named after where the cursor is. */
type State = 'field-start' | 'unquoted' | 'quoted' | 'quote-in-quoted';

/**
 * Incremental parser: `push(chunk)` returns the records completed by that chunk; `end()` returns
 * the last one (a file need not end with a newline).
 */
export class CsvParser {
  private state: State = 'field-start';
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private first = true;

  push(chunk: string): CsvRecord[] {
    const done: CsvRecord[] = [];
    let start = 0;
    if (this.first && chunk.charCodeAt(0) === 0xfeff) start = 1;
    this.first = false;
    for (let i = start; i < chunk.length; i++) {
      const char = chunk[i]!;
      if (char === '\n') this.line++;
      switch (this.state) {
        case 'quoted':
          if (char === '"') this.state = 'quote-in-quoted';
          else this.field += char;
          break;
        case 'quote-in-quoted':
          // `""` is a literal quote; any other character closes the quoted part.
          if (char === '"') {
            this.field += '"';
            this.state = 'quoted';
          } else this.unquotedChar(char, done);
          break;
        case 'field-start':
          if (char === '"') {
            this.state = 'quoted';
            this.quoteLine = this.line;
          } else this.unquotedChar(char, done);
          break;
        case 'unquoted':
          this.unquotedChar(char, done);
          break;
      }
    }
    return done;
  }

  /** Finishes the input; throws if a quoted field is still open. */
  end(): CsvRecord[] {
    if (this.state === 'quoted') throw new CsvFormatError('a quoted field is never closed', this.quoteLine);
    if (this.fields.length === 0 && this.field === '' && this.state === 'field-start') return [];
    const record = { fields: [...this.fields, this.field], line: this.recordLine };
    this.fields = [];
    this.field = '';
    return [record];
  }

  private unquotedChar(char: string, done: CsvRecord[]): void {
    if (char === ',') {
      this.fields.push(this.field);
      this.field = '';
      this.state = 'field-start';
    } else if (char === '\n') {
      this.fields.push(this.field);
      done.push({ fields: this.fields, line: this.recordLine });
      this.fields = [];
      this.field = '';
      this.recordLine = this.line;
      this.state = 'field-start';
    } else if (char !== '\r') {
      this.field += char;
      this.state = 'unquoted';
    }
  }
}

/** A data row keyed by the header, with its line and the bytes read so far. */
export interface CsvRow {
  values: Record<string, string>;
  line: number;
  bytesRead: number;
}

/**
 * Reads a CSV file as rows keyed by its header. Blank lines are skipped; missing trailing fields
 * are `''`; extra columns are kept in `values` (callers pick what they need).
 *
 * @example
 * ```ts
 * for await (const row of readCsvRows('data/projects.csv')) console.log(row.values.title);
 * ```
 */
export async function* readCsvRows(path: string, options: { highWaterMark?: number } = {}): AsyncGenerator<CsvRow> {
  const parser = new CsvParser();
  let header: string[] | undefined;
  let bytesRead = 0;
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: options.highWaterMark ?? 64 * 1024 });
  const toRows = function* (records: CsvRecord[]): Generator<CsvRow> {
    for (const record of records) {
      if (header === undefined) {
        header = record.fields.map((name) => name.trim());
        continue;
      }
      if (record.fields.length === 1 && record.fields[0] === '') continue;
      const values: Record<string, string> = {};
      header.forEach((name, i) => (values[name] = record.fields[i] ?? ''));
      yield { values, line: record.line, bytesRead };
    }
  };
  for await (const chunk of stream as AsyncIterable<string>) {
    bytesRead = stream.bytesRead;
    yield* toRows(parser.push(chunk));
  }
  yield* toRows(parser.end());
}
