/**
 * The framework's refusals as the tagifai contract spells them: a 422 body entry renamed to
 * `dict_type` keeps FastAPI's `input`, and V2 paths read `{"error"}`.
 */
import t from 'tap';
import { App, RequestValidationError, type JSONResponse, type Request } from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';
import { validationErrorResponse } from '../../../src/classifier/api/framework-errors.js';
import { BATCH_SCHEMA, PROJECT_SCHEMA } from '../../../src/classifier/api/schemas.js';

function client(): TestClient {
  const app = new App({ exceptionHandlers: [[RequestValidationError, validationErrorResponse as (request: Request, error: never) => JSONResponse]] });
  app.post('/predict', { body: PROJECT_SCHEMA }, () => ({ ok: true }));
  app.post('/predict/batch', { body: BATCH_SCHEMA }, () => ({ ok: true }));
  app.post('/v2/models/m/infer', { body: PROJECT_SCHEMA }, () => ({ ok: true }));
  return new TestClient(app);
}

t.test('a body that is not an object is dict_type and echoes the body as input', async (t) => {
  const response = await client().post('/predict', { json: [1, 'two'] });
  t.equal(response.status, 422);
  t.same(response.json(), { detail: [{ loc: ['body'], msg: 'Input should be a valid dictionary or object', type: 'dict_type', input: [1, 'two'] }] });
});

t.test('a batch item that is not an object is dict_type at its index with the item as input', async (t) => {
  const response = await client().post('/predict/batch', { json: { items: [{ title: 'ok' }, 'not a project'] } });
  t.equal(response.status, 422);
  t.same(response.json(), { detail: [{ loc: ['body', 'items', 1], msg: 'Input should be a valid dictionary or object', type: 'dict_type', input: 'not a project' }] });
});

t.test('other 422 entries pass through with the framework input unchanged', async (t) => {
  const response = await client().post('/predict', { json: { description: 'x' } });
  t.equal(response.status, 422);
  t.match(response.json(), { detail: [{ loc: ['body', 'title'], type: 'missing', input: { description: 'x' } }] });
});

t.test('on a V2 path the problems are one 400 {"error"} sentence', async (t) => {
  const response = await client().post('/v2/models/m/infer', { json: {} });
  t.equal(response.status, 400);
  t.same(response.json(), { error: 'body.title: Field required' });
});
