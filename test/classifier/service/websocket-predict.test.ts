import t from 'tap';
import { closeCode, LABELS, nextMessages, startService, type RunningService } from './service-harness.js';

let service: RunningService;
t.before(async () => {
  service = await startService(t);
});

t.test('each text message gets one reply, in order, with its id echoed (null when absent)', async (t) => {
  const socket = await service.websocket();
  const replies = nextMessages(socket, 4);
  socket.send(JSON.stringify({ id: 1, title: 'Object detection with YOLO' }));
  socket.send(JSON.stringify({ id: 'two', title: 'Sentiment analysis with BERT', description: 'text classification' }));
  socket.send(JSON.stringify({ title: 'no id here' }));
  socket.send(JSON.stringify({ id: 4.5, title: 'MLflow experiment tracking' }));
  const [a, b, c, d] = await replies;
  t.same([a.id, b.id, c.id, d.id], [1, 'two', null, 4.5]);
  t.equal(a.prediction, 'computer-vision');
  t.equal(b.prediction, 'natural-language-processing');
  t.same(Object.keys(a.probabilities).sort(), LABELS);
  socket.close();
});

t.test('an invalid message gets an error object and the connection stays open', async (t) => {
  const socket = await service.websocket();
  const replies = nextMessages(socket, 3);
  socket.send(JSON.stringify({ id: 7, title: '' }));
  socket.send('{not json');
  socket.send(JSON.stringify({ id: 8, title: 'Feature store for ML pipelines' }));
  const [invalid, malformed, ok] = await replies;
  t.match(invalid, { id: 7, error: { status: 422, detail: [{ loc: ['body', 'title'], type: 'string_too_short' }] } });
  t.match(malformed, { id: null, error: { status: 422, detail: [{ type: 'json_invalid' }] } });
  t.match(ok, { id: 8, prediction: String });
  socket.close();
});

t.test('replies agree with POST /predict', async (t) => {
  const item = { title: 'Speech recognition with wav2vec', description: 'audio transformer' };
  const socket = await service.websocket();
  const reply = nextMessages(socket, 1);
  socket.send(JSON.stringify(item));
  const [viaSocket] = await reply;
  const viaRest = (await service.request('/predict', { json: item })).body.data.results[0];
  t.equal(viaSocket.prediction, viaRest.prediction);
  for (const label of LABELS) t.ok(Math.abs(viaSocket.probabilities[label] - viaRest.probabilities[label]) < 1e-5);
  socket.close();
});

t.test('a binary message closes the connection with 1003', async (t) => {
  const socket = await service.websocket();
  const code = closeCode(socket);
  socket.send(Buffer.from([1, 2, 3]));
  t.equal(await code, 1003);
});

t.test('a message over 1 MiB closes the connection with 1009', async (t) => {
  const socket = await service.websocket();
  const code = closeCode(socket);
  socket.send(JSON.stringify({ title: 'x', description: 'y'.repeat(1024 * 1024 + 10) }));
  t.equal(await code, 1009);
});

t.test('many pipelined messages are all answered, in order', async (t) => {
  const socket = await service.websocket();
  const replies = nextMessages(socket, 300);
  for (let i = 0; i < 300; i++) socket.send(JSON.stringify({ id: i, title: `Project number ${i} about image classification` }));
  t.same((await replies).map((reply) => reply.id), Array.from({ length: 300 }, (_, i) => i));
  socket.close();
});

t.test('an id that is not a string or number gets a 422 naming the id, is not echoed, and the connection stays open', async (t) => {
  const socket = await service.websocket();
  const replies = nextMessages(socket, 4);
  socket.send(JSON.stringify({ id: { nested: [1] }, title: 'MLflow experiment tracking' }));
  socket.send(JSON.stringify({ id: true, title: '' }));
  socket.send(JSON.stringify({ id: [1, 2], description: 'no title' }));
  socket.send(JSON.stringify({ id: 9, title: 'Feature store for ML pipelines' }));
  const [object, boolean, array, ok] = await replies;
  t.same(object, { id: null, error: { status: 422, detail: [{ loc: ['body', 'id'], msg: 'Input should be a valid string or number', type: 'id_type' }] } });
  t.same(boolean.error.detail.map((issue: { type: string }) => issue.type), ['id_type', 'string_too_short'], 'every problem at once');
  t.same(array.error.detail.map((issue: { type: string }) => issue.type), ['id_type', 'missing']);
  t.match(ok, { id: 9, prediction: String });
  socket.close();
});

t.test('an id nested 20 000 levels deep gets a 422 and the service keeps serving (it used to overflow the stack and exit)', async (t) => {
  const socket = await service.websocket();
  const replies = nextMessages(socket, 2);
  socket.send(`{"title":"x","id":${'['.repeat(20_000)}${']'.repeat(20_000)}}`);
  socket.send(JSON.stringify({ id: 'after', title: 'Object detection with YOLO' }));
  const [deep, after] = await replies;
  t.match(deep, { id: null, error: { status: 422, detail: [{ loc: ['body', 'id'], type: 'id_type' }] } });
  t.match(after, { id: 'after', prediction: 'computer-vision' });
  socket.close();
});

t.test('a reply that cannot be sent closes that connection with 1011 and the service keeps serving', async (t) => {
  const context = service.context;
  const predict = context.predict;
  // A probability the JSON serialiser refuses (BigInt) makes the reply's send fail.
  context.predict = async () => [{ prediction: 'mlops', probabilities: { mlops: 1n } }] as never;
  t.teardown(() => void (context.predict = predict));
  const broken = await service.websocket();
  const code = closeCode(broken);
  broken.send(JSON.stringify({ id: 1, title: 'Kubernetes operators' }));
  t.equal(await code, 1011);
  context.predict = predict;
  const socket = await service.websocket();
  const reply = nextMessages(socket, 1);
  socket.send(JSON.stringify({ id: 2, title: 'Kubernetes operators' }));
  t.match((await reply)[0], { id: 2, prediction: String });
  socket.close();
});
