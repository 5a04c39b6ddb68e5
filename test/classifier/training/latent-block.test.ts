/**
 * The LSA projection (`latent-block.ts`) on matrices small enough to check against a direct
 * computation: the symmetric eigensolver, the orthonormalisation, and the truncated SVD's singular
 * values and vectors (those of the dense XᵀX), deterministic for a seed.
 */
import t from 'tap';
import { fitLatentProjection, orthonormalizeColumns, project, symmetricEigen } from '../../../src/classifier/training/latent-block.js';
import { seededRandom } from '../../../src/classifier/training/random.js';
import { toCsr } from '../../../src/classifier/training/sparse-matrix.js';

const close = (a: number, b: number, tolerance = 1e-6) => Math.abs(a - b) <= tolerance;

/** A seeded sparse rows × columns matrix, about a third of it non-zero. */
function randomRows(rows: number, columns: number, seed: number) {
  const random = seededRandom(seed);
  return Array.from({ length: rows }, () => {
    const ids: number[] = [];
    const values: number[] = [];
    for (let j = 0; j < columns; j++) if (random() < 0.3) (ids.push(j), values.push(random()));
    return { ids, values };
  });
}

t.test('the eigensolver finds the eigenpairs of a small symmetric matrix', async (t) => {
  // [[2, 1], [1, 2]] has eigenvalues 3 and 1, with eigenvectors (1, 1)/√2 and (1, −1)/√2.
  const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
  t.same([...values].map((v) => Math.round(v * 1e9) / 1e9).sort(), [1, 3]);
  const big = values[0]! > values[1]! ? 0 : 1;
  t.ok(close(Math.abs(vectors[0 * 2 + big]!), Math.SQRT1_2) && close(vectors[0 * 2 + big]!, vectors[1 * 2 + big]!));
});

t.test('orthonormalised columns have unit length and are orthogonal', async (t) => {
  const random = seededRandom(5);
  const y = Float64Array.from({ length: 20 * 4 }, () => random());
  orthonormalizeColumns(y, 20, 4);
  for (let a = 0; a < 4; a++) {
    for (let b = 0; b < 4; b++) {
      let dot = 0;
      for (let i = 0; i < 20; i++) dot += y[i * 4 + a]! * y[i * 4 + b]!;
      t.ok(close(dot, a === b ? 1 : 0, 1e-10), `columns ${a}, ${b}: ${dot}`);
    }
  }
});

t.test('singular values and vectors match those of the dense XᵀX, and the projection is x·V', async (t) => {
  const rows = randomRows(40, 25, 11);
  const x = toCsr(rows, 25);
  const projection = fitLatentProjection(x, 4, 1, 8);
  const dense = new Float64Array(25 * 25);
  for (const row of rows) row.ids.forEach((a, i) => row.ids.forEach((b, j) => (dense[a * 25 + b]! += row.values[i]! * row.values[j]!)));
  const direct = [...symmetricEigen(dense, 25).values].sort((a, b) => b - a).slice(0, 4).map(Math.sqrt);
  t.ok(projection.singularValues.every((s, c) => close(s, direct[c]!, 1e-4)), `${[...projection.singularValues]} vs ${direct}`);
  // X·v_c = σ_c·u_c, so ‖X·v_c‖ = σ_c: the projection of every row onto v_c has that norm.
  for (let c = 0; c < 4; c++) {
    const norm = Math.hypot(...rows.map((row) => project(projection, row.ids, row.values)[c]!));
    t.ok(close(norm, projection.singularValues[c]!, 1e-4), `component ${c}`);
  }
  t.same(project(projection, [0, 3], [1, 2], 3)[1], 3 * (projection.components[0 * 4 + 1]! + 2 * projection.components[3 * 4 + 1]!));
  t.same([...fitLatentProjection(x, 4, 1, 8).components], [...projection.components]);
});

t.test('asking for more dimensions than rows keeps at most as many as there are rows', async (t) => {
  const projection = fitLatentProjection(toCsr(randomRows(6, 30, 2), 30), 20, 3);
  t.equal(projection.k, 6);
  t.ok(projection.singularValues.every((s) => Number.isFinite(s)));
});
