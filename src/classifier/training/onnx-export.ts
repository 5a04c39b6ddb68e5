/**
 * ONNX export: a fitted softmax regression as a graph onnxruntime can run.
 *
 * The graph reads the featurizer's padded sparse output, not a dense vector of tens of thousands of
 * mostly-zero features:
 *
 *   feature_ids    int64 [batch, k] ─ Gather(weights [features, labels]) ─→ [batch, k, labels]
 *   feature_values float [batch, k] ─ Unsqueeze(axis 2) ─→ [batch, k, 1] ─┘ Mul
 *   → ReduceSum(axis 1) → [batch, labels] → Add(bias) → Softmax(axis −1) → probabilities
 *
 * i.e. logits = Σ_k value_k · W[id_k] + b, the same sum the in-memory model computes. Weights are
 * float32 (halving the file), so the graph agrees with the float64 model to ~1e-7. The model is
 * written with onnx-proto (protobufjs), opset 13, which onnxruntime-node 1.x supports.
 */
import onnxProto from 'onnx-proto';
import type { SoftmaxModel } from './softmax-regression.js';

const { onnx } = onnxProto;
type Tensor = InstanceType<typeof onnx.TensorProto>;

/** Graph tensor names, recorded in metadata so the predictor does not hard-code them. */
export const GRAPH_NAMES = { featureIds: 'feature_ids', featureValues: 'feature_values', output: 'probabilities' } as const;

/** The operator set version the graph is written against. */
export const OPSET = 13;

function floatTensor(name: string, dims: number[], values: ArrayLike<number>): Tensor {
  const data = Float32Array.from(values as ArrayLike<number>);
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  });
}

function int64Tensor(name: string, values: number[]): Tensor {
  const data = BigInt64Array.from(values.map(BigInt));
  return onnx.TensorProto.create({
    name,
    dims: [values.length],
    dataType: onnx.TensorProto.DataType.INT64,
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  });
}

function valueInfo(name: string, elemType: number, dims: (string | number)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType,
        shape: onnx.TensorShapeProto.create({
          dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
        }),
      }),
    }),
  });
}

function node(opType: string, inputs: string[], outputs: string[], attribute: Record<string, number> = {}) {
  return onnx.NodeProto.create({
    opType,
    input: inputs,
    output: outputs,
    name: outputs[0]!,
    attribute: Object.entries(attribute).map(([name, i]) => ({ name, i, type: onnx.AttributeProto.AttributeType.INT })),
  });
}

/** Serialises `model` to ONNX bytes; `properties` are stored as the model's metadata_props. */
export function exportSoftmaxToOnnx(model: SoftmaxModel, properties: Record<string, string> = {}): Uint8Array {
  const classes = model.classes;
  const graph = onnx.GraphProto.create({
    name: 'tagifai_softmax_regression',
    initializer: [
      floatTensor('weights', [model.features, classes], model.weights),
      floatTensor('bias', [classes], model.bias),
      int64Tensor('axis_2', [2]),
      int64Tensor('axis_1', [1]),
    ],
    node: [
      node('Gather', ['weights', GRAPH_NAMES.featureIds], ['gathered_weights'], { axis: 0 }),
      node('Unsqueeze', [GRAPH_NAMES.featureValues, 'axis_2'], ['values_column']),
      node('Mul', ['gathered_weights', 'values_column'], ['weighted_rows']),
      node('ReduceSum', ['weighted_rows', 'axis_1'], ['weighted_sum'], { keepdims: 0 }),
      node('Add', ['weighted_sum', 'bias'], ['logits']),
      node('Softmax', ['logits'], [GRAPH_NAMES.output], { axis: -1 }),
    ],
    input: [
      valueInfo(GRAPH_NAMES.featureIds, onnx.TensorProto.DataType.INT64, ['batch', 'k']),
      valueInfo(GRAPH_NAMES.featureValues, onnx.TensorProto.DataType.FLOAT, ['batch', 'k']),
    ],
    output: [valueInfo(GRAPH_NAMES.output, onnx.TensorProto.DataType.FLOAT, ['batch', classes])],
  });
  const modelProto = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'tsgi-tagifai',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: OPSET }],
    graph,
    metadataProps: Object.entries(properties).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(modelProto).finish();
}
