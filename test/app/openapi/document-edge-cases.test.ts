// OpenAPI document edge cases: references by $id, schemes that share a default name, plain routes
// with converters, and two schemas claiming one $id (refused at registration, since validation
// and the document would both use the first).
import t from 'tap';
import { Type } from '@sinclair/typebox';
import { Validator } from '@seriousme/openapi-schema-validator';
import {
  App, SchemaIdConflictError, apiKey, buildOpenAPIDocument, dependency, httpBearer, installDocs, oauth2PasswordBearer, rateLimit,
} from '../../../src/app/index.js';
import { TestClient } from '../../../src/protocol/index.js';

const Tag = Type.Object({ label: Type.String() }, { $id: 'EdgeTag' });

t.test('a Type.Ref points at the component its $id became, and the document validates', async (t) => {
  const app = new App();
  app.get('/tags/{id}', { params: { id: Type.Integer() }, responses: { 200: Tag } }, () => ({ label: 'x' }));
  app.put('/tags', { body: Type.Array(Type.Ref(Tag)) }, ({ body }) => body.length);
  const document = buildOpenAPIDocument(app.routes, { title: 'Tags', version: '1' }) as any;
  t.same(document.paths['/tags'].put.requestBody.content['application/json'].schema, { type: 'array', items: { $ref: '#/components/schemas/EdgeTag' } });
  const result = await new Validator().validate(document);
  t.equal(result.valid, true, JSON.stringify(result.errors));
  const accepted = await new TestClient(app).put('/tags', { json: [{ label: 'a' }, { label: 'b' }] });
  t.same(accepted.json(), 2, 'the referenced schema still validates requests');
});

t.test('two different API key schemes are both listed, each route requiring its own', async (t) => {
  const header = apiKey({ in: 'header', name: 'x-key', verify: (k) => k });
  const cookie = apiKey({ in: 'cookie', name: 'session', verify: (k) => k });
  const app = new App();
  app.get('/a', { dependencies: [header] }, () => 1);
  app.get('/b', { dependencies: [cookie] }, () => 1);
  app.get('/c', { dependencies: [header] }, () => 1);
  const document = buildOpenAPIDocument(app.routes, { title: 'Keys', version: '1' }) as any;
  t.same(document.components.securitySchemes, {
    APIKey: { type: 'apiKey', in: 'header', name: 'x-key' },
    APIKey_2: { type: 'apiKey', in: 'cookie', name: 'session' },
  });
  t.same(document.paths['/a'].get.security, [{ APIKey: [] }]);
  t.same(document.paths['/b'].get.security, [{ APIKey_2: [] }]);
  t.same(document.paths['/c'].get.security, [{ APIKey: [] }]);
});

t.test('a plain route documents its path parameters with their converter\'s type', async (t) => {
  const app = new App();
  app.get('/orders/{id:int}/lines/{ratio:float}/{ref:uuid}/{rest:path}', () => 1);
  const document = buildOpenAPIDocument(app.routes, { title: 'Orders', version: '1' }) as any;
  const schemas = Object.fromEntries(document.paths['/orders/{id}/lines/{ratio}/{ref}/{rest}'].get.parameters.map((p: any) => [p.name, p.schema]));
  t.same(schemas, {
    id: { type: 'integer', minimum: 0 },
    ratio: { type: 'number', minimum: 0 },
    ref: { type: 'string', format: 'uuid' },
    rest: { type: 'string' },
  });
});

t.test('a second, different schema under a known $id is refused when its route is registered', async (t) => {
  const first = Type.Object({ name: Type.String() }, { $id: 'EdgeClash' });
  const second = Type.Object({ count: Type.Integer() }, { $id: 'EdgeClash' });
  const app = new App();
  app.post('/first', { body: first }, ({ body }) => body);
  app.post('/again', { body: first }, ({ body }) => body);
  t.throws(() => app.post('/second', { body: second }, ({ body }) => body), SchemaIdConflictError);
  const response = await new TestClient(app).post('/again', { json: { name: 'shared' } });
  t.same(response.json(), { name: 'shared' }, 'the same schema may be used by many routes');
});

t.test('under a mount with a parameter, each root path gets its own servers entry from one document', async (t) => {
  const tenant = new App();
  tenant.get('/things', { query: { q: Type.Optional(Type.String()) } }, () => []);
  installDocs(tenant, { title: 'Tenant', version: '1' });
  const app = new App();
  app.mount('/t/{tenant}', tenant);
  const client = new TestClient(app);
  const acme = (await client.get('/t/acme/openapi.json')).json() as any;
  const other = (await client.get('/t/other/openapi.json')).json() as any;
  t.same(acme.servers, [{ url: '/t/acme' }]);
  t.same(other.servers, [{ url: '/t/other' }]);
  t.same(acme.paths, other.paths);
  t.same(Object.keys(acme.paths), ['/things']);
});

t.test('an app using every declaration feature emits a valid OpenAPI 3.1 document', async (t) => {
  const User = Type.Object({
    name: Type.String(), age: Type.Optional(Type.Integer({ minimum: 0 })), kind: Type.Union([Type.Literal('a'), Type.Literal('b')]),
    meta: Type.Record(Type.String(), Type.Number()), nickname: Type.Union([Type.String(), Type.Null()]), seen: Type.String({ format: 'date-time' }),
  }, { $id: 'EdgeUser' });
  const bearer = httpBearer({ verify: (token) => token });
  const oauth = oauth2PasswordBearer({ tokenUrl: '/token', verify: (token) => token });
  const queryKey = apiKey({ in: 'query', name: 'key', verify: (k) => k });
  const cookieKey = apiKey({ in: 'cookie', name: 'session', verify: (k) => k });
  const page = dependency({
    query: { limit: Type.Integer({ default: 10 }), q: Type.Optional(Type.Array(Type.String())) },
    headers: { x_trace: Type.Optional(Type.String()) }, cookies: { pref: Type.Optional(Type.String()) },
  }, ({ query }) => query);
  const app = new App();
  app.get('/', () => 'plain');
  app.get('/files/{id:int}/{rest:path}', () => 'plain');
  app.get('/users/{id}', {
    params: { id: Type.Integer() }, inject: { page, user: bearer }, tags: ['users'], summary: 'Read', deprecated: true,
    responses: { 200: User, 204: { description: 'Nothing' }, 404: { description: 'Missing' } },
  }, () => ({}) as never);
  app.post('/users', { body: User, inject: { user: oauth }, dependencies: [queryKey, cookieKey, rateLimit({ limit: 5, windowMs: 1_000 })], responses: { 201: User } }, ({ body }) => body);
  app.patch('/users', { body: Type.Array(Type.Ref(User)), operationId: 'patchUsers' }, () => 1);
  app.delete('/users', { body: Type.Object({ reason: Type.String() }), bodyRequired: false, documentValidationErrors: false }, () => 1);
  app.route('/many', () => 1, { methods: ['GET', 'POST', 'HEAD', 'OPTIONS', 'PROPFIND'] });
  const mounted = new App();
  mounted.get('/inner/{x:float}', { params: { x: Type.Number() } }, () => 1);
  app.mount('/sub', mounted);
  const router = new App();
  router.get('/flag', { query: { on: Type.Boolean() } }, () => 1);
  app.include(router, { prefix: '/inc', tags: ['included'] });
  installDocs(app, { title: 'Everything <b>', version: '1', description: 'All features' });
  const document = (await new TestClient(app).get('/openapi.json')).json();
  const result = await new Validator().validate(document as never);
  t.equal(result.valid, true, JSON.stringify(result.errors));
});
