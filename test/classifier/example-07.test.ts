import t from 'tap';
import { TestClient } from '../../src/protocol/index.js';
import app from '../../examples/07-classifier.js';
import { COMMITTED_VERSION } from './isolated-environment.js';

t.test('example 07 serves the classifier in-process once its lifespan has loaded the model', async (t) => {
  const client = new TestClient(app);
  const lifespan = await client.lifespan();
  t.teardown(() => lifespan.shutdown());
  const answer = await client.post('/predict', { json: { title: 'Semantic segmentation of satellite images' } });
  t.equal(answer.status, 200);
  t.match(answer.json(), { message: 'OK', data: { results: [{ prediction: 'computer-vision' }], model: { id: COMMITTED_VERSION } } });
});

t.test('example 07 answers WebSocket predictions in-process too', async (t) => {
  const client = new TestClient(app);
  const lifespan = await client.lifespan();
  t.teardown(() => lifespan.shutdown());
  const socket = await client.websocket('/ws/predict');
  socket.sendText(JSON.stringify({ id: 'a', title: 'Text summarization with T5' }));
  t.match(JSON.parse(await socket.receiveText()), { id: 'a', prediction: 'natural-language-processing' });
  await socket.close();
});
