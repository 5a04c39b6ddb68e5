// The OpenAPI 3.1 document is built from the route table, validates against the 3.1 schema
// (checked by an independent validator), and describes parameters, bodies, 422s and security.
import t from 'tap';
import { Type } from '@sinclair/typebox';
import { Validator } from '@seriousme/openapi-schema-validator';
import { App } from '../../../src/app/index.js';
import { installDocs } from '../../../src/app/docs-ui/install-docs.js';
import { httpBearer } from '../../../src/app/security/http-bearer.js';
import { apiKey } from '../../../src/app/security/api-key.js';
import { dependency } from '../../../src/app/dependencies/dependency.js';
import { TestClient } from '../../../src/protocol/index.js';

const Item = Type.Object({ id: Type.Integer(), title: Type.String() }, { $id: 'Item' });
const NewItem = Type.Object({ title: Type.String({ minLength: 1 }) }, { $id: 'NewItem' });

function documentedApp(): App {
  const user = httpBearer({ verify: (token) => token });
  const key = apiKey({ in: 'header', name: 'x-api-key', verify: (k) => k });
  const paging = dependency({ query: { limit: Type.Integer({ default: 10, description: 'Page size' }) } }, ({ query }) => query.limit);
  const app = new App();
  app.get('/items', { inject: { limit: paging }, tags: ['items'], summary: 'List items', responses: { 200: Type.Array(Item) } }, () => []);
  app.get('/items/{id:int}', { params: { id: Type.Integer() }, responses: { 200: Item, 404: { description: 'Not found' } } }, ({ params }) => ({ id: params.id, title: 'x' }));
  app.post('/items', { body: NewItem, inject: { user }, operationId: 'createItem', responses: { 201: Item } }, ({ body }) => ({ id: 1, title: body.title }));
  app.delete('/items/{id}', { params: { id: Type.Integer() }, dependencies: [key] }, () => null);
  app.get('/plain/{name}', () => 'plain');
  installDocs(app, { title: 'Items', version: '1.0.0' });
  return app;
}

async function documentOf(app: App, rootPath = ''): Promise<any> {
  const response = await new TestClient(app, { rootPath }).get('/openapi.json');
  t.equal(response.status, 200);
  return response.json();
}

t.test('the emitted document is valid OpenAPI 3.1', async (t) => {
  const document = await documentOf(documentedApp());
  const result = await new Validator().validate(document);
  t.same(result.errors, undefined, JSON.stringify(result.errors));
  t.equal(result.valid, true);
  t.equal(document.openapi, '3.1.0');
});

t.test('paths drop converters and list parameters from the route and its dependencies', async (t) => {
  const document = await documentOf(documentedApp());
  t.same(Object.keys(document.paths).sort(), ['/items', '/items/{id}', '/plain/{name}']);
  t.same(document.paths['/items'].get.parameters, [{ name: 'limit', in: 'query', required: false, schema: { type: 'integer', default: 10, description: 'Page size' }, description: 'Page size' }]);
  t.same(document.paths['/plain/{name}'].get.parameters, [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }]);
  t.equal(document.paths['/items'].get.summary, 'List items');
  t.same(document.paths['/items'].get.tags, ['items']);
});

t.test('named schemas are components referenced, not repeated', async (t) => {
  const document = await documentOf(documentedApp());
  t.same(Object.keys(document.components.schemas).sort(), ['HTTPValidationError', 'Item', 'NewItem', 'ValidationError']);
  t.same(document.paths['/items'].get.responses['200'].content['application/json'].schema, { type: 'array', items: { $ref: '#/components/schemas/Item' } });
  t.same(document.paths['/items'].post.requestBody, { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewItem' } } } });
});

t.test('validated operations document a 422 with the validation error schema', async (t) => {
  const document = await documentOf(documentedApp());
  t.same(document.paths['/items'].post.responses['422'].content['application/json'].schema, { $ref: '#/components/schemas/HTTPValidationError' });
  t.equal(document.paths['/items'].post.responses['201'].description, 'Successful Response');
  t.equal(document.paths['/items/{id}'].get.responses['404'].description, 'Not found');
  t.equal(document.paths['/items'].post.operationId, 'createItem');
  t.equal(document.paths['/plain/{name}'].get.responses['422'], undefined);
});

t.test('a route that answers validation errors in its own shape can leave the generated 422 out', async (t) => {
  const app = new App();
  const Problem = Type.Object({ error: Type.String() });
  app.post('/own-errors', { body: NewItem, documentValidationErrors: false, responses: { 200: Item, 400: { description: 'Invalid input', schema: Problem } } }, () => ({ id: 1, title: 'x' }));
  app.post('/items', { body: NewItem }, () => null);
  installDocs(app, { title: 'Items', version: '1.0.0' });
  const document = await documentOf(app);
  t.equal(document.paths['/own-errors'].post.responses['422'], undefined);
  t.same(Object.keys(document.paths['/own-errors'].post.responses).sort(), ['200', '400']);
  t.ok(document.paths['/own-errors'].post.requestBody, 'the body is still documented');
  t.ok(document.paths['/items'].post.responses['422'], 'other routes keep theirs');
  t.equal((await new Validator().validate(document)).valid, true);
});

t.test('auth dependencies add security schemes and per-operation requirements', async (t) => {
  const document = await documentOf(documentedApp());
  t.same(document.components.securitySchemes, {
    HTTPBearer: { type: 'http', scheme: 'bearer' },
    APIKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
  });
  t.same(document.paths['/items'].post.security, [{ HTTPBearer: [] }]);
  t.same(document.paths['/items/{id}'].delete.security, [{ APIKey: [] }]);
  t.equal(document.paths['/items'].get.security, undefined);
});

t.test('under a root path the document names it as the server', async (t) => {
  const document = await documentOf(documentedApp(), '/api');
  t.same(document.servers, [{ url: '/api' }]);
});

t.test('docs pages load their assets from the app, under the root path', async (t) => {
  const client = new TestClient(documentedApp(), { rootPath: '/api' });
  const docs = await client.get('/docs');
  t.match(docs.text, 'src="/api/docs-assets/swagger-ui-bundle.js"');
  t.match(docs.text, '"/api/openapi.json"');
  t.notMatch(docs.text, /https?:\/\//);
  const redoc = await client.get('/redoc');
  t.match(redoc.text, 'spec-url="/api/openapi.json"');
  const asset = await client.get('/docs-assets/redoc.standalone.js');
  t.equal(asset.status, 200);
  t.match(asset.header('content-type') ?? '', /javascript/);
  t.equal((await client.get('/docs-assets/package.json')).status, 404);
});

t.test('docs pages can be moved or switched off', async (t) => {
  const app = new App();
  installDocs(app, { title: 'x', version: '1', docsUrl: '/reference', redocUrl: null, openapiUrl: '/schema.json' });
  const client = new TestClient(app);
  t.equal((await client.get('/reference')).status, 200);
  t.equal((await client.get('/redoc')).status, 404);
  t.equal((await client.get('/docs')).status, 404);
  t.equal((await client.get('/schema.json')).status, 200);
});
