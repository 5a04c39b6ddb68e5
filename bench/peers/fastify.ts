/**
 * Peer `fastify`: the contract in Fastify 5, written the way Fastify recommends — JSON schemas on
 * every route, so parameters are coerced and bodies validated by ajv, and responses serialised by
 * the schema-compiled stringifier.
 *
 * Fastify answers a failed validation with 400; the contract (like FastAPI) wants 422, so one error
 * handler maps schema failures to 422 and leaves malformed JSON at Fastify's own 400. Fastify has no
 * built-in WebSocket server: the echo uses the `ws` package on the underlying HTTP server.
 */
import Fastify, { type FastifyError } from 'fastify';
import { Ajv } from 'ajv';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const echoSchema = {
  type: 'object',
  required: ['title', 'description'],
  properties: { title: { type: 'string' }, description: { type: 'string' } },
} as const;

/** Serves the contract on 127.0.0.1:`port` (0 picks one) and resolves with the bound port. */
export async function listen(port: number): Promise<number> {
  const app = Fastify({ logger: false });
  // Fastify's default ajv coerces every part, which would turn `{"title": 1}` into `"1"` and answer 200.
  // Path and query parts are text and need coercion; the JSON body must be taken as sent.
  const coercing = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: true });
  const exact = new Ajv({ coerceTypes: false, removeAdditional: true });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? exact : coercing).compile(schema));
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.validation) {
      const detail = error.validation.map((issue) => ({ loc: [error.validationContext, issue.instancePath], msg: issue.message, type: issue.keyword }));
      return reply.status(422).send({ detail });
    }
    return reply.status(error.statusCode ?? 500).send({ detail: error.message });
  });
  app.get('/', { schema: { response: { 200: { type: 'object', properties: { api: { type: 'string' } } } } } }, async () => ({ api: 'fastit' }));
  app.get<{ Params: { id: number }; Querystring: { q?: string } }>(
    '/items/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
        querystring: { type: 'object', properties: { q: { type: 'string' } } },
        response: { 200: { type: 'object', properties: { item_id: { type: 'integer' }, q: { type: ['string', 'null'] } } } },
      },
    },
    async (request) => ({ item_id: request.params.id, q: request.query.q ?? null }),
  );
  app.post<{ Body: { title: string; description: string } }>(
    '/echo',
    { schema: { body: echoSchema, response: { 200: echoSchema } } },
    async (request) => request.body,
  );
  const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  sockets.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
  app.server.on('upgrade', (req, socket, head) => {
    if (req.url !== '/ws') return void socket.destroy();
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });
  await app.listen({ host: '127.0.0.1', port });
  return (app.server.address() as AddressInfo).port;
}
