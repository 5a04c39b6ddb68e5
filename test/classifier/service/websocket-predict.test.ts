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
  socket.send(JSON.stringify({ id: { nested: [1] }, title: 'MLflow experiment tracking' }));
  const [a, b, c, d] = await replies;
  t.same([a.id, b.id, c.id, d.id], [1, 'two', null, { nested: [1] }]);
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
