/**
 * Form data: the parsed result of an urlencoded or multipart body.
 *
 * Fields keep their order and may repeat (`tags=a&tags=b`); a multipart field with a filename
 * becomes an `UploadFile` holding its bytes (bounded by the upload size limit, so holding them in
 * memory is safe).
 */

/** One uploaded file from a multipart form. */
export class UploadFile {
  constructor(
    /** The name the client gave the file; untrusted, never use it as a path as is. */
    readonly filename: string,
    /** The part's declared media type (`application/octet-stream` when absent); not verified. */
    readonly contentType: string,
    /** The file's content. */
    readonly bytes: Uint8Array,
    /** All headers of the multipart part. */
    readonly headers: ReadonlyArray<[string, string]> = [],
  ) {}

  /** Length of the content in bytes. */
  get size(): number {
    return this.bytes.byteLength;
  }

  /** The content decoded as UTF-8. */
  text(): string {
    return new TextDecoder().decode(this.bytes);
  }
}

/** A form field's value: text, or a file. */
export type FormValue = string | UploadFile;

/**
 * Ordered, multi-valued form fields.
 *
 * @example
 * ```ts
 * const form = await request.form();
 * const tags = form.getAll('tags');          // ['a', 'b'] for tags=a&tags=b
 * const upload = form.get('avatar');
 * if (upload instanceof UploadFile) console.log(upload.filename, upload.size);
 * ```
 */
export class FormData implements Iterable<[string, FormValue]> {
  constructor(
    /** Every field in body order, repeats included. */
    readonly entries: ReadonlyArray<[string, FormValue]>,
  ) {}

  /** The first value of `name`, or `null`. */
  get(name: string): FormValue | null {
    const entry = this.entries.find((e) => e[0] === name);
    return entry === undefined ? null : entry[1];
  }

  /** Every value of `name`, in body order. */
  getAll(name: string): FormValue[] {
    return this.entries.filter((e) => e[0] === name).map((e) => e[1]);
  }

  /** Whether a field called `name` was sent. */
  has(name: string): boolean {
    return this.get(name) !== null;
  }

  /** Every `[name, value]` field, in body order. */
  [Symbol.iterator](): Iterator<[string, FormValue]> {
    return this.entries[Symbol.iterator]();
  }
}

/** Parses an `application/x-www-form-urlencoded` body. */
export function parseUrlencoded(text: string): FormData {
  const entries: Array<[string, FormValue]> = [];
  for (const [name, value] of new URLSearchParams(text)) entries.push([name, value]);
  return new FormData(entries);
}
