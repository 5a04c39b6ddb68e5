/**
 * Example 06 — an "items" API declared once: validation, typed input, dependencies, security, docs.
 *
 * What it teaches: each route is a declaration (TypeBox schemas for path, query, header and body,
 * dependencies under `inject`, responses by status) plus a handler whose argument types follow
 * from it. The same declaration validates requests (422 listing every error), wires dependencies
 * (compiled at registration), and writes the OpenAPI document behind `/docs` and `/redoc`.
 *
 * Routes:
 *   GET    /items?limit&offset&tag=a&tag=b  → a page of items (limit/offset from a shared dependency)
 *   GET    /items/{id}                       → one item, 404 when missing
 *   POST   /items                            → create (Bearer token; 201; unknown keys dropped)
 *   PUT    /items/{id}                       → replace (Bearer token of an admin, else 403)
 *   DELETE /items/{id}                       → delete (API key in `x-api-key`)
 *   GET    /stats                            → counts; rate-limited to 5 per 10 s per client (429)
 *   WS     /items/watch?tag=...              → sends the items with that tag, with the same injection
 *   GET    /openapi.json, /docs, /redoc      → the document and its viewers, fully offline
 *
 * Tokens: `Bearer admin-token` (admin), `Bearer user-token` (user); API key `key-1`.
 * Run: `npm run build && node dist/src/server/cli.js serve dist/examples/06-items-api.js`.
 */
import { Type, type Static } from '@sinclair/typebox';
import {
  App, HTTPException, apiKey, dependency, fromState, httpBearer, installDocs, rateLimit, requirePermission,
} from '../src/app/index.js';

const Item = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  title: Type.String({ minLength: 1, maxLength: 100 }),
  price: Type.Number({ minimum: 0 }),
  tags: Type.Array(Type.String(), { maxItems: 5, default: [] }),
}, { $id: 'Item' });
const NewItem = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 100 }),
  price: Type.Number({ minimum: 0 }),
  tags: Type.Array(Type.String(), { maxItems: 5, default: [] }),
}, { $id: 'NewItem' });
type ItemValue = Static<typeof Item>;

/** The store the lifespan opens; a real app would hold a database pool here. */
export class ItemStore {
  private readonly items = new Map<number, ItemValue>();
  private nextId = 1;
  add(fields: Omit<ItemValue, 'id'>): ItemValue {
    const item = { id: this.nextId++, ...fields };
    this.items.set(item.id, item);
    return item;
  }
  get(id: number): ItemValue | undefined { return this.items.get(id); }
  put(item: ItemValue): void { this.items.set(item.id, item); }
  delete(id: number): boolean { return this.items.delete(id); }
  list(): ItemValue[] { return [...this.items.values()]; }
}

interface ItemsState { store: ItemStore }

const users = new Map([['admin-token', { name: 'ada', admin: true }], ['user-token', { name: 'bob', admin: false }]]);
const store = fromState<ItemStore>('store');
const currentUser = httpBearer({ verify: (token) => users.get(token) ?? null, description: 'Use `admin-token` or `user-token`' });
const admin = requirePermission(currentUser, (user) => user.admin, 'admin');
const client = apiKey({ in: 'header', name: 'x-api-key', verify: (key) => (key === 'key-1' ? 'client-1' : null) });
const paging = dependency({
  query: {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
  },
}, ({ query }) => ({ limit: query.limit, offset: query.offset }), { name: 'paging' });

/** An item or a 404: a dependency reading the path parameter every item route declares. */
const existingItem = dependency({ params: { id: Type.Integer({ minimum: 1 }) }, inject: { store } }, ({ params, deps }) => {
  const item = deps.store.get(params.id);
  if (item === undefined) throw new HTTPException(404, `Item ${params.id} not found`);
  return item;
}, { name: 'existingItem' });

/** Builds the app; `events` records dependency cleanups so the test can watch their timing. */
export function createItemsApp(events: string[] = []): App<ItemsState> {
  const requestLog = dependency({}, async function* ({ request }) {
    events.push(`start ${request.scope.path}`);
    yield undefined;
    events.push(`end ${request.scope.path}`);
  }, { name: 'requestLog' });
  const app = new App<ItemsState>({
    lifespan: async function* () {
      const items = new ItemStore();
      items.add({ title: 'Pen', price: 2, tags: ['office'] });
      yield { store: items };
    },
    dependencies: [requestLog],
  });

  app.get('/items', {
    inject: { page: paging, store },
    query: { tag: Type.Optional(Type.Array(Type.String())) },
    summary: 'List items', tags: ['items'], responses: { 200: Type.Array(Item) },
  }, ({ deps, query }) => deps.store.list()
    .filter((item) => query.tag === undefined || query.tag.some((t) => item.tags.includes(t)))
    .slice(deps.page.offset, deps.page.offset + deps.page.limit));

  app.get('/items/{id}', { inject: { item: existingItem }, summary: 'Read an item', tags: ['items'], responses: { 200: Item, 404: { description: 'No such item' } } },
    ({ deps }) => deps.item);

  app.post('/items', { body: NewItem, inject: { store, user: currentUser }, summary: 'Create an item', tags: ['items'], responses: { 201: Item } },
    ({ body, deps }) => deps.store.add(body));

  app.put('/items/{id}', { body: NewItem, inject: { item: existingItem, store, user: admin }, summary: 'Replace an item', tags: ['items'], responses: { 200: Item } },
    ({ body, deps }) => {
      const item = { id: deps.item.id, ...body };
      deps.store.put(item);
      return item;
    });

  app.delete('/items/{id}', { inject: { item: existingItem, store }, dependencies: [client], summary: 'Delete an item', tags: ['items'], responses: { 200: Type.Object({ deleted: Type.Integer() }) } },
    ({ deps }) => ({ deleted: Number(deps.store.delete(deps.item.id)) }));

  app.get('/stats', {
    inject: { store, limit: rateLimit({ limit: 5, windowMs: 10_000 }) },
    headers: { x_client_name: Type.Optional(Type.String({ maxLength: 40 })) },
    summary: 'Item counts', tags: ['ops'],
  }, ({ deps, headers }) => ({ items: deps.store.list().length, remaining: deps.limit.remaining, client: headers.x_client_name ?? null }));

  app.websocket('/items/watch', { query: { tag: Type.String({ minLength: 1 }) }, inject: { store } }, async ({ websocket, query, deps }) => {
    await websocket.accept();
    for (const item of deps.store.list().filter((i) => i.tags.includes(query.tag))) await websocket.sendJson(item);
    await websocket.close();
  });

  installDocs(app, { title: 'Items API', version: '1.0.0', description: 'Example 06 of tsgi.' });
  return app;
}

export const app = createItemsApp();
export default app;
