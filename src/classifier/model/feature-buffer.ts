/**
 * The feature buffer: where the featurizer writes a batch's sparse vectors, row after row, into
 * typed arrays it keeps between batches.
 *
 * Serving featurizes every request, so whatever a prediction allocates is paid again in the
 * garbage collector, whose pauses land on the requests in flight (the tail of the latency
 * distribution). Pushing each feature into fresh `number[]` lists, then copying them into the
 * padded batch, allocated several kilobytes per project; here the (id, value) pairs go into arrays
 * that only grow, and `toPadded` makes the two arrays onnxruntime reads — the only allocation left
 * per batch. Values are kept as doubles and narrowed to float32 once, when padded, exactly as the
 * list-based route did, so both give the same bits.
 *
 * Where it sits: `Featurizer.featurizeBatch` → `BlockCounter.emitWeights` appends → `toPadded` →
 * `Predictor.runBatch`.
 */

/** Sparse vectors of a batch padded to one width, laid out as the ONNX graph's two inputs. */
export interface PaddedBatch {
  rows: number;
  /** Features per row: the largest count in the batch (at least 1); short rows pad with (0, 0). */
  width: number;
  ids: BigInt64Array;
  values: Float32Array;
}

/** Whether this machine stores the low 32 bits of an int64 first (x64 and arm64 do). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Growable (id, value) storage for the rows of one batch; `clear` starts the next batch. */
export class FeatureBuffer {
  /** Feature ids, all rows end to end; valid up to `length`. */
  ids = new Int32Array(1024);
  /** Feature values, parallel to `ids`. */
  values = new Float64Array(1024);
  /** Number of features written. */
  length = 0;
  /** Row r is `[rowStarts[r], rowStarts[r + 1])` (the last row ends at `length`). */
  private rowStarts = new Int32Array(64);
  private rowCount = 0;

  /** Forgets every row (the arrays are kept for the next batch). */
  clear(): void {
    this.length = 0;
    this.rowCount = 0;
  }

  /** Starts a new row: features appended from now on belong to it. */
  startRow(): void {
    if (this.rowCount === this.rowStarts.length) this.rowStarts = grow(this.rowStarts, this.rowCount);
    this.rowStarts[this.rowCount++] = this.length;
  }

  /** Number of rows started since `clear`. */
  get rows(): number {
    return this.rowCount;
  }

  /** Appends one feature to the current row. */
  push(id: number, value: number): void {
    if (this.length === this.ids.length) {
      this.ids = grow(this.ids, this.length);
      this.values = grow(this.values, this.length);
    }
    this.ids[this.length] = id;
    this.values[this.length++] = value;
  }

  /** Row `row`'s features as plain lists (ids ascending), for callers that want a `SparseVector`. */
  rowAsLists(row: number): { ids: number[]; values: number[] } {
    const end = this.rowEnd(row);
    const ids: number[] = [];
    const values: number[] = [];
    for (let i = this.rowStarts[row]!; i < end; i++) {
      ids.push(this.ids[i]!);
      values.push(this.values[i]!);
    }
    return { ids, values };
  }

  /**
   * The rows padded to one width, as the graph's int64 ids and float32 values. Padding uses id 0
   * with value 0: it gathers a real weight row but multiplies it by zero, so the graph needs no
   * mask. A batch of empty rows still gets width 1 (ONNX dislikes zero-size dims). Ids are written
   * through a 32-bit view of the int64 buffer (low word = id, high word = 0 on a little-endian
   * machine), which avoids creating one BigInt per feature.
   */
  toPadded(): PaddedBatch {
    const rows = this.rowCount;
    let width = 1;
    for (let row = 0; row < rows; row++) width = Math.max(width, this.rowEnd(row) - this.rowStarts[row]!);
    const ids = new BigInt64Array(rows * width);
    const values = new Float32Array(rows * width);
    const words = new Int32Array(ids.buffer);
    for (let row = 0; row < rows; row++) {
      const start = this.rowStarts[row]!;
      const count = this.rowEnd(row) - start;
      const base = row * width;
      for (let i = 0; i < count; i++) {
        if (LITTLE_ENDIAN) words[2 * (base + i)] = this.ids[start + i]!;
        else ids[base + i] = BigInt(this.ids[start + i]!);
        values[base + i] = this.values[start + i]!;
      }
    }
    return { rows, width, ids, values };
  }

  private rowEnd(row: number): number {
    return row + 1 < this.rowCount ? this.rowStarts[row + 1]! : this.length;
  }
}

/** A typed array twice as long holding the first `used` elements of `array`. */
function grow<T extends Int32Array | Float64Array>(array: T, used: number): T {
  const larger = new (array.constructor as new (length: number) => T)(2 * array.length);
  larger.set(array.subarray(0, used));
  return larger;
}
