/**
 * The HTTP response state machine: which `http.response.*` event an application may send when.
 *
 * Theory of operation (spec §4.1). A response is one `http.response.start` (status and headers)
 * followed by body events; the first body event whose `moreBody` is not `true` completes it. The
 * `http.response.pathsend` extension replaces the whole body with a file, so it too completes the
 * response. Three states are enough to say all of that:
 *
 * ```
 *            start             body (moreBody: true)
 *   idle ───────────▶ started ◀──────┐
 *                        │  └───────┘
 *                        │ body (moreBody false/absent) or pathsend
 *                        ▼
 *                     complete
 * ```
 *
 * The machine only looks at what the app sends. The request side (`http.request`,
 * `http.disconnect`) cannot be sent out of order by the app, and a client disconnect does not make
 * a send illegal — the server simply drops it — so neither appears here.
 *
 * The server calls `stepHttpResponse` before writing each event, and the checker (checked.ts)
 * calls it for every event of an app under test; both get the same named `ProtocolError`.
 */
import { checkSendEventFields, asEvent } from './event-fields.js';
import type { ProtocolRule } from './errors.js';
import { breaks, follow, rejectForeignEvent, to, TransitionLookup, type Transition } from './transition.js';

/** Where an HTTP response stands: nothing sent, headers sent, or finished. */
export type HttpResponseState = 'idle' | 'started' | 'complete';

/** What the machine reads from an event: its type, with body events split by `moreBody`. */
export type HttpResponseInput = 'start' | 'body' | 'last-body' | 'pathsend';

/** The state a response begins in. */
export const INITIAL_HTTP_RESPONSE_STATE: HttpResponseState = 'idle';

/** Every ordering rule of an HTTP response, as one table. */
export const HTTP_RESPONSE_TRANSITIONS: Readonly<
  Record<HttpResponseState, Readonly<Record<HttpResponseInput, Transition<HttpResponseState>>>>
> = Object.freeze({
  idle: Object.freeze({
    start: to('started'),
    body: breaks('body-before-start'),
    'last-body': breaks('body-before-start'),
    pathsend: breaks('pathsend-before-start'),
  }),
  started: Object.freeze({
    start: breaks('second-start'),
    body: to('started'),
    'last-body': to('complete'),
    pathsend: to('complete'),
  }),
  complete: Object.freeze({
    start: breaks('send-after-complete'),
    body: breaks('send-after-complete'),
    'last-body': breaks('send-after-complete'),
    pathsend: breaks('send-after-complete'),
  }),
});

/** The table above, held for fast lookups (transition.ts explains why). */
const CELLS = new TransitionLookup(HTTP_RESPONSE_TRANSITIONS);

/** Why each ordering rule exists, in the voice of the error message. */
const EXPLANATIONS: Readonly<Partial<Record<ProtocolRule, string>>> = {
  'body-before-start': 'http.response.body was sent before http.response.start; send the status and headers first',
  'pathsend-before-start': 'http.response.pathsend was sent before http.response.start; send the status and headers first',
  'second-start': 'http.response.start was sent twice; a response has exactly one status line',
  'send-after-complete': 'the response already completed (a body event without moreBody: true, or a pathsend); nothing more may be sent',
};

function inputOf(event: { readonly type: string; readonly [key: string]: unknown }, state: HttpResponseState): HttpResponseInput {
  switch (event.type) {
    case 'http.response.start':
      return 'start';
    case 'http.response.body':
      // ASGI's default: an absent moreBody means "this is the last chunk".
      return event.moreBody === true ? 'body' : 'last-body';
    case 'http.response.pathsend':
      return 'pathsend';
    default:
      return rejectForeignEvent('http', state, event.type);
  }
}

/**
 * Advances an HTTP response by one event the app sends. Returns the next state, or throws a
 * `ProtocolError` naming the broken rule (ordering, field types, or an event of another scope).
 * Allocation-free when the event is legal.
 *
 * @example
 * ```ts
 * let state = INITIAL_HTTP_RESPONSE_STATE;
 * state = stepHttpResponse(state, { type: 'http.response.start', status: 200 }); // 'started'
 * state = stepHttpResponse(state, { type: 'http.response.body', body: 'hi' });    // 'complete'
 * ```
 */
export function stepHttpResponse(state: HttpResponseState, event: unknown): HttpResponseState {
  const checked = asEvent(event, state);
  const input = inputOf(checked, state);
  checkSendEventFields(checked, state);
  return follow(CELLS.cell(state, input), state, checked.type, EXPLANATIONS);
}
