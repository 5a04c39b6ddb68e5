/**
 * The benchmark contract written with the tsgi framework (`src/app`) the way its users would:
 * declared routes whose TypeBox schemas give the validation, the coercion of the path parameter,
 * the handler's types and the response serializer; a dependency injected the FastAPI way (the
 * "common query parameters" pattern); errors left to the framework (422 with every problem, 400 for
 * malformed JSON); response schemas on every route, so answers are written by serialisers compiled
 * from them (as Fastify users declare them); a WebSocket route for the echo.
 *
 * So this peer measures the whole framework path — router, parameter and body validation,
 * dependency resolution, response serialisation — on top of the same server as `tsgi-raw`.
 */
import { Type } from '@sinclair/typebox';
import { App, dependency } from '../../src/app/index.js';

/** What `/echo` accepts and sends back. */
const Echo = Type.Object({ title: Type.String(), description: Type.String() });

/** What `/` answers. */
const Root = Type.Object({ api: Type.String() });

/** What `/items/{item_id}` answers. */
const Item = Type.Object({ item_id: Type.Integer(), q: Type.Union([Type.String(), Type.Null()]) });

/** Query parameters shared by the item routes, resolved once per request. */
const commonQuery = dependency(
  { query: { q: Type.Optional(Type.String()) } },
  ({ query }) => ({ q: query.q ?? null }),
  { name: 'commonQuery' },
);

/** Builds the framework app serving the contract. */
export function buildContractApp(): App {
  const app = new App();
  app.get('/', { responses: { 200: Root } }, () => ({ api: 'fastit' }));
  app.get('/items/{item_id}', {
    params: { item_id: Type.Integer() },
    inject: { common: commonQuery },
    responses: { 200: Item },
  }, ({ params, deps }) => ({ item_id: params.item_id, q: deps.common.q }));
  app.post('/echo', { body: Echo, responses: { 200: Echo } }, ({ body }) => body);
  app.websocket('/ws', async (ws) => {
    await ws.accept();
    for await (const message of ws) {
      if (typeof message === 'string') await ws.sendText(message);
      else await ws.sendBytes(message);
    }
  });
  return app;
}
