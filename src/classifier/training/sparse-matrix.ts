/**
 * A compressed sparse row (CSR) matrix: the training set as the optimiser reads it.
 *
 * Row i's non-zeros are `columns[rowStart[i] .. rowStart[i+1])` with the matching `values`. With a
 * few hundred non-zeros per project out of tens of thousands of features, this is what keeps a full
 * pass over the data (and so each optimiser step) at a few milliseconds.
 */
import type { SparseVector } from '../model/featurizer.js';

/** Rows of sparse feature vectors, packed. */
export interface CsrMatrix {
  rows: number;
  columns: number;
  rowStart: Int32Array;
  columnIndex: Int32Array;
  values: Float64Array;
}

/** Packs sparse vectors (one per row) into a CSR matrix with `columns` columns. */
export function toCsr(vectors: readonly SparseVector[], columns: number): CsrMatrix {
  const rowStart = new Int32Array(vectors.length + 1);
  vectors.forEach((vector, i) => (rowStart[i + 1] = rowStart[i]! + vector.ids.length));
  const columnIndex = new Int32Array(rowStart[vectors.length]!);
  const values = new Float64Array(rowStart[vectors.length]!);
  vectors.forEach((vector, i) => {
    columnIndex.set(vector.ids, rowStart[i]!);
    values.set(vector.values, rowStart[i]!);
  });
  return { rows: vectors.length, columns, rowStart, columnIndex, values };
}
