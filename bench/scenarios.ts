/**
 * The workloads: which request each benchmark row sends, and how many units of work one answer counts
 * for (a `/predict/batch` request carries 32 predictions).
 *
 * The bodies are fixed so that every peer parses, validates and serialises the same bytes.
 */
import type { PeerFamily } from './peers/catalogue.js';

/** One HTTP workload, run by wrk. */
export interface HttpScenario {
  kind: 'http';
  name: string;
  family: PeerFamily;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /** Work units per response (predictions for the classifier, 1 otherwise). */
  unitsPerRequest: number;
  unit: string;
  /** Overrides the run's connection count (the lone-client row uses 1). */
  connections?: number;
}

/** One WebSocket workload, run by the harness's own client (`ws-load.ts`). */
export interface WebSocketScenario {
  kind: 'websocket';
  name: string;
  family: PeerFamily;
  path: string;
  message: string;
  unit: string;
}

export type Scenario = HttpScenario | WebSocketScenario;

const item = (n: number) => ({ title: `Transformers for text classification ${n}`, description: 'Fine-tuning BERT on a small labelled corpus of project abstracts.' });
/** The body of `POST /predict/batch`: 32 items. */
export const BATCH_BODY = JSON.stringify({ items: Array.from({ length: 32 }, (_, n) => item(n)) });

/** Every scenario, in table order. */
export const scenarios: Scenario[] = [
  { kind: 'http', name: 'GET /', family: 'api', method: 'GET', path: '/', unitsPerRequest: 1, unit: 'req' },
  { kind: 'http', name: 'GET /items/{id}', family: 'api', method: 'GET', path: '/items/42?q=x', unitsPerRequest: 1, unit: 'req' },
  { kind: 'http', name: 'POST /echo', family: 'api', method: 'POST', path: '/echo', body: JSON.stringify({ title: 'fast', description: 'it is' }), unitsPerRequest: 1, unit: 'req' },
  { kind: 'websocket', name: 'WS /ws echo', family: 'api', path: '/ws', message: 'hello, echo', unit: 'msg' },
  { kind: 'http', name: 'POST /predict', family: 'classifier', method: 'POST', path: '/predict', body: JSON.stringify(item(1)), unitsPerRequest: 1, unit: 'pred' },
  { kind: 'http', name: 'POST /predict (1 client)', family: 'classifier', method: 'POST', path: '/predict', body: JSON.stringify(item(1)), unitsPerRequest: 1, unit: 'pred', connections: 1 },
  { kind: 'http', name: 'POST /predict/batch (32)', family: 'classifier', method: 'POST', path: '/predict/batch', body: BATCH_BODY, unitsPerRequest: 32, unit: 'pred' },
  { kind: 'websocket', name: 'WS /ws/predict', family: 'classifier', path: '/ws/predict', message: JSON.stringify({ id: 1, ...item(1) }), unit: 'pred' },
];
