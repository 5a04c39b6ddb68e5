/**
 * Example 05 — the framework: the same ideas as examples 01–04, written with `App`.
 *
 * What it teaches: an `App` is a TSGI app (pass it to any server or to the TestClient) that
 * routes by path template, turns return values into JSON, maps errors to statuses, wraps itself
 * in middleware, and runs one lifespan generator whose yielded state every handler sees as
 * `request.state`. Compare with example 01, where each of these was done by hand.
 *
 * Routes:
 *   GET  /                      → {"api":"tsgi"}
 *   GET  /notes/{id:int}        → one note, 404 when missing
 *   POST /notes                 → creates a note from a JSON body (422 without `text`), 201
 *   GET  /notes/{id:int}/events → the note's text as Server-Sent Events, one word per event
 *   WS   /live                  → echoes each message in upper case
 *   GET  /static/...            → files from the `public` directory beside this file, if present
 *
 * Run: `npm run build && node dist/src/server/cli.js serve dist/examples/05-framework-app.js`.
 * Read beside: docs/lifecycle.md (the path a request takes through this app).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, EventSourceResponse, HTTPException, JSONResponse, cors, gzip, requestId, staticFiles, type Request } from '../src/app/index.js';

/** The lifespan state: a note store opened at startup. */
export interface NotesState {
  notes: Map<number, { id: number; text: string }>;
}

type NotesRequest = Request<NotesState>;

/** Builds the example app (a fresh store per lifespan, so tests stay independent). */
export function createApp(): App<NotesState> {
  const app = new App<NotesState>({
    // Outermost first: every response gets an id, then CORS headers, then compression.
    middleware: [requestId(), cors({ allowOrigins: ['*'] }), gzip()],
    lifespan: async function* () {
      const notes = new Map([[1, { id: 1, text: 'read the TSGI spec' }]]);
      yield { notes };
      notes.clear();
    },
  });

  app.get('/', () => ({ api: 'tsgi' }), { name: 'root' });

  app.get('/notes/{id:int}', (request: NotesRequest) => findNote(request), { name: 'note', tags: ['notes'] });

  app.post(
    '/notes',
    async (request: NotesRequest) => {
      const body = (await request.json()) as { text?: unknown };
      if (typeof body !== 'object' || body === null || typeof body.text !== 'string') {
        throw new HTTPException(422, 'a note needs a "text" string');
      }
      const notes = request.state.notes;
      const note = { id: notes.size + 1, text: body.text };
      notes.set(note.id, note);
      return new JSONResponse(note, { status: 201, headers: { location: request.urlPathFor('note', { id: note.id }) } });
    },
    { tags: ['notes'] },
  );

  app.get('/notes/{id:int}/events', (request: NotesRequest) => {
    const words = findNote(request).text.split(' ');
    return new EventSourceResponse(
      (async function* () {
        for (const [index, word] of words.entries()) yield { event: 'word', id: String(index), data: word };
      })(),
    );
  });

  app.websocket('/live', async (ws) => {
    await ws.accept();
    // A message is a string (text frame) or bytes (binary frame): bytes are read as UTF-8 text,
    // since `String()` of a Uint8Array would give its numbers ("104,105").
    for await (const message of ws) {
      const text = typeof message === 'string' ? message : new TextDecoder().decode(message);
      await ws.sendText(text.toUpperCase());
    }
  });

  const publicDir = fileURLToPath(new URL('./public', import.meta.url));
  if (existsSync(publicDir)) app.mount('/static', staticFiles({ directory: publicDir }));
  return app;
}

function findNote(request: NotesRequest): { id: number; text: string } {
  const note = request.state.notes.get(request.pathParams.id as number);
  if (note === undefined) throw new HTTPException(404, `note ${String(request.pathParams.id)} not found`);
  return note;
}

/** The app a server loads from this module. */
export const app = createApp();
export default app;
