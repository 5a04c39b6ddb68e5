/**
 * The assembled app's startup refusals, in-process: a setting that names a model or a log file
 * the service cannot use fails the lifespan with a message naming it, and nothing is logged with a
 * stack trace in front of the one line `main.ts` prints (the spawned process is in main.test.ts).
 * The models folder and database are the test's own (`isolated-environment.ts`).
 */
import t from 'tap';
import type { Test } from 'tap';
import { join } from 'node:path';
import { createClassifierApp } from '../../src/classifier/app.js';
import { loadConfig, type ClassifierConfig } from '../../src/classifier/config.js';
import { serve } from '../../src/server/index.js';
import { isolatedEnvironment, COMMITTED_VERSION } from './isolated-environment.js';

/** Starts the service with `overrides`; resolves with the start error and what reached console.error. */
async function failedStart(t: Test, overrides: Partial<ClassifierConfig>): Promise<{ message: string; logged: unknown[][] }> {
  const logged: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void logged.push(args);
  t.teardown(() => void (console.error = original));
  const { modelsDir, database } = isolatedEnvironment(t);
  const { app } = createClassifierApp({ ...loadConfig([], {}), port: 0, modelsDir, database, ...overrides });
  try {
    const server = await serve(app, { host: '127.0.0.1', port: 0, accessLog: false, logLevel: 'error', handleSignals: false });
    await server.close();
    return { message: 'started', logged };
  } catch (error) {
    return { message: (error as Error).message, logged };
  } finally {
    console.error = original;
  }
}

t.test('a default model that is not a version folder fails the start naming the folder, with no stack trace logged', async (t) => {
  const { modelsDir } = isolatedEnvironment(t);
  const { message, logged } = await failedStart(t, { modelsDir, defaultModel: '../v1' });
  t.match(message, `cannot load model file ${modelsDir}: the configured default model "../v1" is not one of its versions (${COMMITTED_VERSION})`);
  t.same(logged, []);
});

t.test('a models folder without versions fails the start naming the file it looked for', async (t) => {
  const dir = t.testdir();
  const { message, logged } = await failedStart(t, { modelsDir: dir });
  t.match(message, `cannot load model file ${join(dir, 'v1', 'model.onnx')}: no model version found`);
  t.same(logged, []);
});

t.test('a models folder that is a file fails the start naming it (not a raw ENOTDIR with a stack)', async (t) => {
  const dir = t.testdir({ 'not-a-folder': 'x' });
  const { message, logged } = await failedStart(t, { modelsDir: join(dir, 'not-a-folder') });
  t.match(message, `cannot load model file ${join(dir, 'not-a-folder')}: cannot list the model versions: ENOTDIR`);
  t.same(logged, []);
});

t.test('a prediction log that cannot be opened fails the start (before the port opens) naming the file', async (t) => {
  const dir = t.testdir({ 'a-directory': {} });
  const { message, logged } = await failedStart(t, { predictionLog: join(dir, 'a-directory') });
  t.match(message, `cannot open the prediction log ${join(dir, 'a-directory')}: EISDIR`);
  t.same(logged, []);
});

t.test('an unexpected error is logged under a one-line message even when the client put newlines in the path', async (t) => {
  const { modelsDir, database } = isolatedEnvironment(t);
  const { app, context } = createClassifierApp({ ...loadConfig([], {}), port: 0, modelsDir, database });
  const server = await serve(app, { host: '127.0.0.1', port: 0, accessLog: false, logLevel: 'error', handleSignals: false });
  t.teardown(() => server.close());
  // A database that fails on read (a corrupt file, say) makes GET /predictions/{id} a 500.
  context.predictionStore = () => {
    throw new Error('database disk image is malformed');
  };
  const logged: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void logged.push(args);
  t.teardown(() => void (console.error = original));
  const response = await fetch(`http://127.0.0.1:${server.port}/predictions/7%0A%7B%22level%22%3A%22info%22%7D`);
  console.error = original;
  t.equal(response.status, 500);
  t.equal(logged.length, 1);
  const message = String(logged[0]![0]);
  t.notMatch(message, /[\n\r]/, message);
  t.match(message, /GET \/predictions\/7\\u000a\{"level":"info"\}/);
  t.match(logged[0]![1], { message: 'database disk image is malformed' }, 'the error itself is still logged');
});
