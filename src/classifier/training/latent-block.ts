/**
 * Latent semantic analysis (LSA) of a fold's own TF-IDF rows: the top-k right singular vectors of
 * the training matrix X (rows × features), and the projection z = x·V_k of any row onto them.
 *
 * Used by the seventh round (docs/model.md) as a dense block beside v1's sparse features. The
 * projection is linear in the TF-IDF vector, so a softmax over [x, α·x·V_k] is still a linear model
 * of x (weights W + α·V_k·U fold into one matrix, v1's exact ONNX graph); what changes is the
 * penalty — the L2 on U makes weights along the corpus's main directions cheaper than elsewhere.
 *
 * The SVD is computed through the rows' Gram matrix G = X·Xᵀ (a few hundred rows, tens of
 * thousands of columns): seeded subspace iteration on G, then an exact symmetric eigensolver
 * (cyclic Jacobi) on the small projected matrix. Eigenvalues of G are σ², eigenvectors U, and
 * V = Xᵀ·U·Σ⁻¹.
 */
import { seededRandom } from './random.js';
import type { CsrMatrix } from './sparse-matrix.js';

/** The fitted projection: `components[feature * k + c]` = V[feature][c]. */
export interface LatentProjection {
  features: number;
  k: number;
  components: Float64Array;
  singularValues: Float64Array;
}

/** G = X·Xᵀ, dense (rows × rows), accumulated column by column over the few rows each feature touches. */
function gramMatrix(x: CsrMatrix): Float64Array {
  const n = x.rows;
  const byColumn: { row: number; value: number }[][] = Array.from({ length: x.columns }, () => []);
  for (let i = 0; i < n; i++) {
    for (let p = x.rowStart[i]!; p < x.rowStart[i + 1]!; p++) byColumn[x.columnIndex[p]!]!.push({ row: i, value: x.values[p]! });
  }
  const g = new Float64Array(n * n);
  for (const entries of byColumn) {
    for (const a of entries) for (const b of entries) g[a.row * n + b.row]! += a.value * b.value;
  }
  return g;
}

/** C = A·B for dense row-major A (r × s) and B (s × t). */
function multiply(a: Float64Array, b: Float64Array, r: number, s: number, t: number): Float64Array {
  const c = new Float64Array(r * t);
  for (let i = 0; i < r; i++) {
    for (let k = 0; k < s; k++) {
      const aik = a[i * s + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < t; j++) c[i * t + j]! += aik * b[k * t + j]!;
    }
  }
  return c;
}

/** Orthonormalises the columns of Y (n × m, row-major) in place: modified Gram–Schmidt, run twice. */
export function orthonormalizeColumns(y: Float64Array, n: number, m: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < m; j++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += y[i * m + j]! * y[i * m + k]!;
        for (let i = 0; i < n; i++) y[i * m + j]! -= dot * y[i * m + k]!;
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += y[i * m + j]! ** 2;
      norm = Math.sqrt(norm);
      // A column already spanned by the others (rank-deficient G) becomes zero rather than NaN.
      for (let i = 0; i < n; i++) y[i * m + j] = norm > 1e-12 ? y[i * m + j]! / norm : 0;
    }
  }
}

/**
 * Eigenvalues and eigenvectors of a symmetric m × m matrix by cyclic Jacobi rotations (exact up to
 * round-off; fine for the ~100–300-wide projected matrix). Returns vectors as columns of `vectors`.
 */
export function symmetricEigen(matrix: Float64Array, m: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += a[p * m + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * m + q]! - a[p * m + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          const akp = a[k * m + p]!;
          const akq = a[k * m + q]!;
          a[k * m + p] = c * akp - s * akq;
          a[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = a[p * m + k]!;
          const aqk = a[q * m + k]!;
          a[p * m + k] = c * apk - s * aqk;
          a[q * m + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = v[k * m + p]!;
          const vkq = v[k * m + q]!;
          v[k * m + p] = c * vkp - s * vkq;
          v[k * m + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: m }, (_, i) => a[i * m + i]!), vectors: v };
}

/**
 * The top-`k` right singular vectors of `x` (k ≤ rows), by `iterations` rounds of subspace
 * iteration on G with `k + 10` seeded random start vectors. Deterministic for a seed.
 */
export function fitLatentProjection(x: CsrMatrix, k: number, seed: number, iterations = 4): LatentProjection {
  const n = x.rows;
  const m = Math.min(n, k + 10);
  const kept = Math.min(k, m);
  const g = gramMatrix(x);
  const random = seededRandom(seed);
  let y: Float64Array = Float64Array.from({ length: n * m }, () => random() * 2 - 1);
  for (let round = 0; round < iterations; round++) {
    orthonormalizeColumns(y, n, m);
    y = multiply(g, y, n, n, m);
  }
  orthonormalizeColumns(y, n, m);
  const gq = multiply(g, y, n, n, m);
  const small = new Float64Array(m * m);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) small[a * m + b]! += y[i * m + a]! * gq[i * m + b]!;
  }
  const { values, vectors } = symmetricEigen(small, m);
  const order = [...values.keys()].sort((a, b) => values[b]! - values[a]!).slice(0, kept);
  // U = Q·W (n × kept), in descending order of σ² = eigenvalue.
  const u = new Float64Array(n * kept);
  order.forEach((col, c) => {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < m; j++) sum += y[i * m + j]! * vectors[j * m + col]!;
      u[i * kept + c] = sum;
    }
  });
  const singularValues = Float64Array.from(order, (col) => Math.sqrt(Math.max(values[col]!, 0)));
  // V = Xᵀ·U·Σ⁻¹: each non-zero x[i][j] adds x[i][j]·U[i][c]/σ_c to V[j][c].
  const components = new Float64Array(x.columns * kept);
  for (let i = 0; i < n; i++) {
    for (let p = x.rowStart[i]!; p < x.rowStart[i + 1]!; p++) {
      const j = x.columnIndex[p]!;
      const value = x.values[p]!;
      for (let c = 0; c < kept; c++) {
        const sigma = singularValues[c]!;
        if (sigma > 1e-10) components[j * kept + c]! += (value * u[i * kept + c]!) / sigma;
      }
    }
  }
  return { features: x.columns, k: kept, components, singularValues };
}

/** z = x·V_k of one sparse row (ids and values), times `scale`. */
export function project(projection: LatentProjection, ids: readonly number[], values: readonly number[], scale = 1): Float64Array {
  const { k, components } = projection;
  const z = new Float64Array(k);
  ids.forEach((id, p) => {
    const v = values[p]! * scale;
    for (let c = 0; c < k; c++) z[c]! += v * components[id * k + c]!;
  });
  return z;
}
