// OpenAPI operation ids are unique: two operations that declare the same explicit operationId are
// refused when the second is registered, naming both; derived ids step around explicit ones.
import t from 'tap';
import { Validator } from '@seriousme/openapi-schema-validator';
import { App, DuplicateOperationIdError, buildOpenAPIDocument } from '../../../src/app/index.js';

t.test('a second route with an explicit operationId already used is refused, naming both routes', async (t) => {
  const app = new App();
  app.get('/items', { operationId: 'listItems' }, () => []);
  const error = t.throws(() => app.get('/things', { operationId: 'listItems' }, () => [])) as DuplicateOperationIdError;
  t.ok(error instanceof DuplicateOperationIdError);
  t.equal(error.code, 'duplicate_operation_id');
  t.equal(error.status, 500);
  t.match(error.message, /operationId "listItems" of GET \/things is already used by GET \/items/);
});

t.test('plain routes and routes with several methods are checked too', async (t) => {
  const app = new App();
  app.post('/a', () => 1, { operationId: 'create' });
  t.throws(() => app.put('/b', () => 1, { operationId: 'create' }), DuplicateOperationIdError);
  t.throws(() => app.route('/c', () => 1, { methods: ['GET', 'POST'], operationId: 'both' }), { message: /"both" of POST \/c is already used by GET \/c/ });
});

t.test('a router included twice repeats its explicit ids and is refused with the prefixed paths', async (t) => {
  const router = new App();
  router.get('/stats', { operationId: 'stats' }, () => ({}));
  const app = new App();
  app.include(router, { prefix: '/v1' });
  t.throws(() => app.include(router, { prefix: '/v2' }), { message: /"stats" of GET \/v2\/stats is already used by GET \/v1\/stats/ });
});

t.test('a route left out of the schema claims no operationId', async (t) => {
  const app = new App();
  app.get('/hidden', () => 1, { operationId: 'same', includeInSchema: false });
  app.get('/shown', () => 1, { operationId: 'same' });
  const document = buildOpenAPIDocument(app.routes, { title: 'x', version: '1' }) as any;
  t.equal(document.paths['/shown'].get.operationId, 'same');
});

t.test('building a document from route lists that share an explicit id throws the same error', async (t) => {
  const one = new App();
  one.get('/a', () => 1, { operationId: 'shared' });
  const two = new App();
  two.get('/b', () => 1, { operationId: 'shared' });
  t.throws(() => buildOpenAPIDocument([...one.routes, ...two.routes], { title: 'x', version: '1' }), DuplicateOperationIdError);
});

t.test('a derived id never takes an explicit one declared later: every id in the document is unique', async (t) => {
  const app = new App();
  app.get('/items', () => [], { name: 'items' });
  app.post('/other', () => 1, { operationId: 'items_get' });
  const document = buildOpenAPIDocument(app.routes, { title: 'x', version: '1' }) as any;
  t.equal(document.paths['/other'].post.operationId, 'items_get');
  t.equal(document.paths['/items'].get.operationId, 'items_get_2');
  const result = await new Validator().validate(document);
  t.equal(result.valid, true, JSON.stringify(result.errors));
});
