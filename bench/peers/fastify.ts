/**
 * Peer `fastify`: the contract in Fastify 5, written the way Fastify recommends — JSON schemas on
 * every route, so parameters are coerced and bodies validated by ajv, and responses serialised by
 * the schema-compiled stringifier.
 *
 * Fastify answers a failed validation with 400; the contract (like FastAPI) wants 422, so one error
 * handler maps schema failures to 422 (and an empty JSON body, which FastAPI calls a missing body)
 * and leaves malformed JSON at Fastify's own 400. A 404 says `{"detail":"Not Found"}` as the others
 * do. Fastify has no built-in WebSocket server: the echo uses the `ws` package on the underlying
 * HTTP server.
 *
 * Where Fastify still answers differently by design, the harness lists it (peers/differences.ts):
 * its ajv coercion reads an id with `Number()` (`0x10`, `1e3`, blank), a malformed `%` in the URL is
 * its own 400, and a `__proto__` key in a body is refused (prototype-poisoning guard).
 */
import Fastify, { type FastifyError } from 'fastify';
import { Ajv } from 'ajv';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { BODY_LIMIT, NOT_FOUND } from './contract.js';

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
  const coercing = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: true, allowUnionTypes: true });
  const exact = new Ajv({ coerceTypes: false, removeAdditional: true });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? exact : coercing).compile(schema));
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.validation) {
      const detail = error.validation.map((issue) => ({ loc: [error.validationContext, issue.instancePath], msg: issue.message, type: issue.keyword }));
      return reply.status(422).send({ detail });
    }
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return reply.status(422).send({ detail: [{ loc: ['body'], msg: 'Field required', type: 'missing' }] });
    return reply.status(error.statusCode ?? 500).send({ detail: error.message });
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).type('application/json').send(NOT_FOUND.body));
  app.get('/', { schema: { response: { 200: { type: 'object', properties: { api: { type: 'string' } } } } } }, async () => ({ api: 'fastit' }));
  // find-my-way would match `/items/` with an empty id (then a 422); the frameworks have no route there.
  app.get('/items/', (_request, reply) => reply.callNotFound());
  app.get<{ Params: { id: number }; Querystring: { q?: string | string[] } }>(
    '/items/:id',
    {
      schema: {
        // Bounded: past 2^53 Number() rounds, and the answer would carry another id than the one asked.
        params: { type: 'object', properties: { id: { type: 'integer', minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER } }, required: ['id'] },
        // A repeated ?q= arrives as an array: the last value counts, as in FastAPI.
        querystring: { type: 'object', properties: { q: { type: ['string', 'array'], items: { type: 'string' } } } },
        response: { 200: { type: 'object', properties: { item_id: { type: 'integer' }, q: { type: ['string', 'null'] } } } },
      },
    },
    async (request) => {
      const q = request.query.q;
      return { item_id: request.params.id, q: Array.isArray(q) ? q[q.length - 1]! : q ?? null };
    },
  );
  app.post<{ Body: { title: string; description: string } }>(
    '/echo',
    { schema: { body: echoSchema, response: { 200: echoSchema } } },
    async (request) => request.body,
  );
  const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: BODY_LIMIT });
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
