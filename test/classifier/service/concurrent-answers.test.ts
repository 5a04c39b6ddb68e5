/**
 * Micro-batching must never mix answers up: every request, however its run was shared, gets the
 * answer to its own input. Each test compares answers under concurrency with the same inputs asked
 * one at a time. Probabilities are compared to 1e-5, not bit for bit: onnxruntime computes a
 * one-row run with another kernel than a shared one, which can move the 6th or 7th significant digit
 * (v2, 200 projects: at most 1.3e-6, against a smallest gap of 3.6e-5 between two distinct answers)
 * (docs/classifier.md, "Serving behaviour"); the inputs differ far more than that from each other.
 */
import t from 'tap';
import WebSocket from 'ws';
import { LABELS, nextMessages, startService, type RunningService } from './service-harness.js';

interface Answer {
  prediction: string;
  probabilities: Record<string, number>;
}

const TOPICS = ['image segmentation with U-Net', 'kubernetes model deployment', 'summarising news with transformers', 'a recipe blog', 'object tracking in drone video', 'feature store monitoring'];
const WORDS = ('attention pipeline camera language docker cluster pose speech detection embedding registry serving translation ' +
  'gan faces tokenizer drift latency retrieval graph lidar video audio chatbot sentiment pixel depth experiment tracking ' +
  'ci dashboard forecasting robot').split(' ');
/** 200 distinct projects (topic, an extra word, a description), so a swapped answer shows. */
const PROJECTS = Array.from({ length: 200 }, (_, i) => ({ title: `${TOPICS[i % TOPICS.length]} ${WORDS[i % WORDS.length]}`, description: `${WORDS[(i * 7) % WORDS.length]} ${WORDS[Math.floor(i / 7) % WORDS.length]}` }));

/** Far above the float32 noise between a lone and a shared run, far below the gap between two projects. */
const TOLERANCE = 1e-5;

let service: RunningService;
let alone: Answer[];
t.before(async () => {
  service = await startService(t);
  alone = [];
  for (const project of PROJECTS) alone.push((await service.request('/predict', { json: project })).body.data.results[0]);
});

/** Largest probability difference between two answers, or Infinity when the labels differ. */
function distance(a: Answer, b: Answer): number {
  if (a.prediction !== b.prediction) return Infinity;
  return Math.max(...LABELS.map((label) => Math.abs(a.probabilities[label]! - b.probabilities[label]!)));
}

t.test('almost every one of the 200 projects gets a distinct answer (so a swap between two would show)', async (t) => {
  const keys = new Set(alone.map((answer) => LABELS.map((label) => answer.probabilities[label]!.toFixed(5)).join()));
  t.ok(keys.size >= 190, `${keys.size} distinct answers`);
});

t.test('200 concurrent /predict requests each get the answer to their own project', async (t) => {
  const responses = await Promise.all(PROJECTS.map((project) => service.request('/predict', { json: project })));
  const wrong = responses.flatMap((response, i) => (response.status === 200 && distance(response.body.data.results[0], alone[i]!) < TOLERANCE ? [] : [i]));
  t.same(wrong, []);
});

t.test('concurrent batches of different sizes answer each item in its own place', async (t) => {
  const slices = [[0, 1], [1, 40], [40, 41], [41, 120], [120, 200]] as const;
  const responses = await Promise.all(slices.map(([from, to]) => service.request('/predict/batch', { json: { items: PROJECTS.slice(from, to) } })));
  const wrong: number[] = [];
  responses.forEach((response, s) => {
    const [from] = slices[s]!;
    (response.body.data.results as Answer[]).forEach((answer, k) => {
      if (distance(answer, alone[from + k]!) >= TOLERANCE) wrong.push(from + k);
    });
  });
  t.same(wrong, []);
});

t.test('interleaved WebSocket messages on four sockets are answered under their own ids', async (t) => {
  const sockets = await Promise.all([0, 1, 2, 3].map(() => service.websocket()));
  t.teardown(() => sockets.forEach((socket: WebSocket) => socket.close()));
  const replies = sockets.map((socket) => nextMessages(socket, PROJECTS.length / 4));
  PROJECTS.forEach((project, i) => sockets[i % 4]!.send(JSON.stringify({ id: `p${i}`, ...project })));
  const wrong: string[] = [];
  (await Promise.all(replies)).forEach((answers, s) => {
    answers.forEach((reply, k) => {
      const i = k * 4 + s;
      if (reply.id !== `p${i}` || distance(reply, alone[i]!) >= TOLERANCE) wrong.push(`${reply.id} as reply ${k} of socket ${s}`);
    });
  });
  t.same(wrong, []);
});
