/**
 * The ONNX export of a hand-made softmax regression: graph shape and numerics under onnxruntime.
 */
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import t from 'tap';
import { exportSoftmaxToOnnx, GRAPH_NAMES, OPSET } from '../../../src/classifier/training/onnx-export.js';
import { probabilitiesOf, type SoftmaxModel } from '../../../src/classifier/training/softmax-regression.js';

const model: SoftmaxModel = {
  features: 5,
  classes: 3,
  weights: Float64Array.from([0.5, -1, 2, 1.5, 0, -0.25, -2, 1, 0.125, 0, 3, -1, 0.75, 0.75, 0.75]),
  bias: Float64Array.from([0.1, -0.2, 0.3]),
};
const bytes = exportSoftmaxToOnnx(model, { labels: '["a","b","c"]' });

t.test('the graph declares the padded sparse inputs, the probabilities output and opset 13', async (t) => {
  const decoded = onnxProto.onnx.ModelProto.decode(bytes);
  t.equal(Number(decoded.opsetImport![0]!.version), OPSET);
  t.same(decoded.graph!.input!.map((i) => i.name), [GRAPH_NAMES.featureIds, GRAPH_NAMES.featureValues]);
  t.same(decoded.graph!.output!.map((o) => o.name), [GRAPH_NAMES.output]);
  t.same(decoded.graph!.node!.map((n) => n.opType), ['Gather', 'Unsqueeze', 'Mul', 'ReduceSum', 'Add', 'Softmax']);
  t.same(decoded.metadataProps!.map((p) => [p.key, p.value]), [['labels', '["a","b","c"]']]);
});

t.test('onnxruntime computes the same probabilities as the model, padding included', async (t) => {
  const session = await ort.InferenceSession.create(bytes);
  t.teardown(() => session.release());
  const rows = [
    { ids: [0, 3], values: [0.6, 0.8] },
    { ids: [4], values: [1] },
    { ids: [], values: [] },
  ];
  const width = 2;
  const ids = new BigInt64Array(rows.length * width);
  const values = new Float32Array(rows.length * width);
  rows.forEach((row, r) => row.ids.forEach((id, k) => ((ids[r * width + k] = BigInt(id)), (values[r * width + k] = row.values[k]!))));
  const output = await session.run({
    [GRAPH_NAMES.featureIds]: new ort.Tensor('int64', ids, [rows.length, width]),
    [GRAPH_NAMES.featureValues]: new ort.Tensor('float32', values, [rows.length, width]),
  });
  const probabilities = output[GRAPH_NAMES.output]!;
  t.same(probabilities.dims, [3, 3]);
  rows.forEach((row, r) => {
    const expected = probabilitiesOf(model, row);
    for (let c = 0; c < 3; c++) t.ok(Math.abs((probabilities.data as Float32Array)[r * 3 + c]! - expected[c]!) < 1e-6);
  });
});
