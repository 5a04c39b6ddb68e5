/**
 * Server-Sent Events (the WHATWG `text/event-stream` format) as a streaming response.
 *
 * Each event is a few `field: value` lines and a blank line; a `data` value with newlines becomes
 * several `data:` lines, which the browser joins back. Each event is sent as its own body chunk so
 * it reaches the client immediately. An optional ping sends a comment line (`: ping`) when the
 * source has been quiet, so proxies do not close an idle connection.
 */
import type { ResponseInit } from './response.js';
import { StreamingResponse } from './streaming-response.js';

/** One event; a bare string is shorthand for `{ data }`. */
export interface ServerSentEvent {
  /** The payload; a string is sent as is, anything else as JSON. */
  data: unknown;
  /** Event name; the browser dispatches it to `addEventListener(event, ...)` instead of `onmessage`. */
  event?: string;
  /** Event id; the browser sends it back as `Last-Event-ID` when it reconnects. */
  id?: string;
  /** Reconnection delay the client should use, in milliseconds. */
  retry?: number;
}

const EVENT_STREAM: [string, string] = ['content-type', 'text/event-stream; charset=utf-8'];

/**
 * Formats one event; non-string data is sent as JSON.
 *
 * @example
 * ```ts
 * formatEvent({ event: 'tick', data: { i: 1 } }); // 'event: tick\ndata: {"i":1}\n\n'
 * ```
 */
export function formatEvent(input: ServerSentEvent | string): string {
  const event = typeof input === 'string' ? { data: input } : input;
  const lines: string[] = [];
  if (event.event !== undefined) lines.push(`event: ${singleLine(event.event)}`);
  if (event.id !== undefined) lines.push(`id: ${singleLine(event.id)}`);
  // A retry that is not a whole non-negative number is ignored by browsers (HTML §9.2.6): left out.
  if (event.retry !== undefined && Number.isFinite(event.retry) && event.retry >= 0) lines.push(`retry: ${Math.floor(event.retry)}`);
  // `JSON.stringify(undefined)` is `undefined`, not text: an event without data sends an empty line.
  const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data) ?? '';
  for (const line of data.split(/\r\n|\r|\n/)) lines.push(`data: ${line}`);
  return lines.join('\n') + '\n\n';
}

/** Field values other than data must not contain line breaks, or they would start a new field. */
function singleLine(text: string): string {
  // A NUL in an id makes browsers ignore the whole field (HTML §9.2.6), so it goes too.
  return text.replace(/[\r\n\0]/g, ' ');
}

/**
 * @example
 * ```ts
 * app.get('/ticks', () => new EventSourceResponse((async function* () {
 *   for (let i = 0; ; i++) { yield { event: 'tick', data: { i } }; await sleep(1000); }
 * })()));
 * ```
 */
export class EventSourceResponse extends StreamingResponse {
  constructor(
    events: AsyncIterable<ServerSentEvent | string>,
    init: ResponseInit & { pingMs?: number } = {},
  ) {
    super(formatAll(events, init.pingMs), { ...init, headers: [...headerPairs(init.headers), ['cache-control', 'no-cache'], ['x-accel-buffering', 'no']] }, EVENT_STREAM);
  }
}

function headerPairs(headers: ResponseInit['headers']): Array<[string, string]> {
  if (headers === undefined) return [];
  return Array.isArray(headers) ? headers : Object.entries(headers);
}

/** Formats events as they come; with `pingMs`, interleaves pings while the source is quiet. */
async function* formatAll(events: AsyncIterable<ServerSentEvent | string>, pingMs: number | undefined): AsyncGenerator<string> {
  const iterator = events[Symbol.asyncIterator]();
  try {
    let pending = iterator.next();
    for (;;) {
      const next = pingMs === undefined ? await pending : await raceWithPing(pending, pingMs);
      if (next === 'ping') {
        yield ': ping\n\n';
        continue;
      }
      if (next.done) return;
      yield formatEvent(next.value);
      pending = iterator.next();
    }
  } finally {
    await iterator.return?.();
  }
}

/** The next event, or `'ping'` if none arrives within `ms`; the timer is cleared either way. */
async function raceWithPing<T>(pending: Promise<T>, ms: number): Promise<T | 'ping'> {
  let timer: NodeJS.Timeout | undefined;
  const ping = new Promise<'ping'>((resolve) => (timer = setTimeout(resolve, ms, 'ping')));
  try {
    return await Promise.race([pending, ping]);
  } finally {
    clearTimeout(timer);
  }
}
