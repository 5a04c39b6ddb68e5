/**
 * The benchmark contract written with the tsgi framework (`src/app`), the way its users would:
 * routes with path templates, handlers returning objects serialised as JSON, errors as
 * `HTTPException`, and a WebSocket route.
 *
 * Framework part 2 (declared parameter types, body schemas, dependency injection) is not in the tree
 * yet, so the id and the echo body are checked in the handlers with the same rules as the other peers;
 * once part 2 lands these checks move into the route declarations and this peer measures them.
 */
import { App, HTTPException, type Request } from '../../src/app/index.js';

const INTEGER_TEXT = /^-?\d{1,15}$/;

/** Builds the framework app serving the contract. */
export function buildContractApp(): App {
  const app = new App();
  app.get('/', () => ({ api: 'fastit' }));
  app.get('/items/{id}', (request: Request) => {
    const id = String(request.pathParams.id);
    if (!INTEGER_TEXT.test(id)) throw invalid(['path', 'item_id'], 'Input should be a valid integer', 'int_parsing');
    return { item_id: Number(id), q: request.query.get('q') };
  });
  app.post('/echo', async (request: Request) => {
    const body = (await request.json()) as Record<string, unknown> | null;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid(['body'], 'Input should be an object', 'model_attributes_type');
    for (const name of ['title', 'description']) {
      if (!(name in body)) throw invalid(['body', name], 'Field required', 'missing');
      if (typeof body[name] !== 'string') throw invalid(['body', name], 'Input should be a string', 'string_type');
    }
    return { title: body.title, description: body.description };
  });
  app.websocket('/ws', async (ws) => {
    await ws.accept();
    for await (const message of ws) {
      if (typeof message === 'string') await ws.sendText(message);
      else await ws.sendBytes(message);
    }
  });
  return app;
}

function invalid(loc: string[], msg: string, type: string): HTTPException {
  return new HTTPException(422, [{ loc, msg, type }]);
}
