/**
 * Example 07 — the tagifai classifier: every layer working together.
 *
 * What it teaches: a real service is an `App` like example 05's, plus what production needs —
 * a model loaded in the lifespan before the port opens, concurrent predictions coalesced into one
 * onnxruntime run (micro-batching), a bounded queue that answers 503 instead of growing latency,
 * metrics, readiness, authentication and documentation. Here we build it from a configuration
 * object (instead of environment variables, as `npm start` does) and talk to it in-process with
 * the protocol's TestClient — no socket needed.
 *
 * Run the service for real: `npm run build && npm start` (see docs/classifier.md).
 * Run this example:       `npm run build && node dist/examples/07-classifier.js`.
 * Or serve it with the CLI: `node dist/src/server/cli.js serve dist/examples/07-classifier.js`.
 */
import { createClassifierApp } from '../src/classifier/app.js';
import { loadConfig } from '../src/classifier/config.js';
import { TestClient } from '../src/protocol/index.js';

/** The service with its defaults, batching on, loading the models under `models/tagifai`. */
export const { app } = createClassifierApp(loadConfig([], process.env));
export default app;

/** Starts the app in-process, asks a few questions, and prints the answers. */
async function demo(): Promise<void> {
  const client = new TestClient(app);
  const lifespan = await client.lifespan(); // loads the model, as a server would before listening
  const info = await client.get('/');
  console.log('GET /', info.status, info.json());
  const items = [
    { title: 'Real-time pose estimation', description: 'keypoints from webcam video' },
    { title: 'Fine-tuning BERT for question answering' },
    { title: 'A feature store for online models' },
  ];
  // Three concurrent requests: the micro-batcher answers them with one model run.
  const answers = await Promise.all(items.map((item) => client.post('/predict', { json: item })));
  for (const [i, answer] of answers.entries()) {
    const { results } = (answer.json() as { data: { results: Array<{ prediction: string }> } }).data;
    console.log(`POST /predict "${items[i]!.title}" →`, results[0]!.prediction);
  }
  const invalid = await client.post('/predict', { json: { title: '' } });
  console.log('POST /predict with an empty title →', invalid.status, JSON.stringify(invalid.json()));
  await lifespan.shutdown();
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) await demo();
