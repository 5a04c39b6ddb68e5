/**
 * One HTTP exchange played by the test client: feed the request body, read the response events.
 *
 * This is the client half of spec §3.1 in miniature. The request body is fed as `http.request`
 * events while the response is read, so an app that answers before reading its whole body (a 413,
 * say) is tested faithfully. Once the response is complete the client says `http.disconnect`, as
 * a server does when the connection's request is over: an app still waiting on `receive()` (to
 * notice disconnects) then returns instead of hanging the test.
 *
 * What the client hands back is what a client on a socket would receive, not every byte the app
 * produced: a response to `HEAD`, and a `204` or `304`, has no body on the wire (RFC 9110 §6.4.1),
 * so their body events arrive empty here too, as from the real server.
 *
 * The only I/O in `src/protocol` lives here: `http.response.pathsend` names a file, and the
 * client reads it as a server would stream it.
 */
import { readFile } from 'node:fs/promises';
import type { HeaderList, HttpScope } from '../scope.js';
import type { SendEvent } from '../events.js';
import { ConversationError } from '../errors.js';
import type { App } from '../app.js';
import { Communicator } from './communicator.js';
import { requestEvents, type TestRequestBody } from './request-body.js';

/** One response event, as the client reads it. */
export type ResponseItem =
  | { kind: 'start'; status: number; headers: HeaderList }
  | { kind: 'body'; bytes: Uint8Array; last: boolean }
  /** The app returned without sending another event. */
  | { kind: 'returned' };

const encoder = new TextEncoder();

/** A body as bytes; a `Uint8Array` is the copy `appSent` took, so it is used as it is. */
function bytesOf(body: Uint8Array | string | undefined): Uint8Array {
  return body instanceof Uint8Array ? body : encoder.encode(body ?? '');
}

/** The client's side of one running HTTP request. */
export class HttpExchange {
  private responseDone = false;
  /** Set at the start event: the response can carry no body (HEAD, 204, 304). */
  private bodiless = false;
  /** Whether `http.disconnect` has already been sent (by the test, or after the body). */
  private disconnected = false;

  /** The conversation with the app, started here so the exchange sees each event as it is sent. */
  readonly talk: Communicator;

  constructor(
    app: App,
    scope: HttpScope,
    body: TestRequestBody | undefined,
    disconnectAfterBody: boolean,
    readonly timeoutMs: number,
  ) {
    this.talk = new Communicator(app, scope, { onAppSend: (event) => this.appSent(event) });
    void this.feed(body, disconnectAfterBody);
  }

  /**
   * What a server does inside the app's `send`, before the app runs on. It takes a copy of the
   * headers and bytes, so the response does not change if the app reuses its buffers afterwards.
   * And the moment the response completes the exchange is over (spec §5.1): the unread body is
   * dropped, and the app's very next `receive()` is `http.disconnect`.
   */
  private appSent(event: SendEvent): SendEvent {
    if (event.type === 'http.response.start' && event.headers !== undefined) {
      return { ...event, headers: event.headers.map(([name, value]): [string, string] => [name, value]) };
    }
    const last = event.type === 'http.response.pathsend' || (event.type === 'http.response.body' && event.moreBody !== true);
    if (last && !this.responseDone) {
      this.responseDone = true;
      if (!this.disconnected) {
        this.disconnected = true;
        this.talk.sendFinal({ type: 'http.disconnect' }, { dropUnread: true });
      }
    }
    if (event.type === 'http.response.body' && event.body instanceof Uint8Array) return { ...event, body: event.body.slice() };
    return event;
  }

  private async feed(body: TestRequestBody | undefined, disconnectAfterBody: boolean): Promise<void> {
    try {
      for await (const event of requestEvents(body)) {
        if (this.responseDone) return;
        this.talk.send(event);
      }
    } catch {
      // A body source that throws is how a test plays a client that leaves mid-upload: the app
      // sees http.disconnect, exactly what a server delivers when the socket closes.
      this.disconnect();
      return;
    }
    if (disconnectAfterBody) this.disconnect();
  }

  /** Sends `http.disconnect` once. */
  disconnect(): void {
    if (this.disconnected) return;
    this.disconnected = true;
    this.talk.sendFinal({ type: 'http.disconnect' });
  }

  /** Whether the test (or the body option) disconnected the client. */
  get clientDisconnected(): boolean {
    return this.disconnected;
  }

  /** Reads the next response event; a normal return of the app is an item, an error is thrown. */
  async read(): Promise<ResponseItem> {
    let event: SendEvent;
    try {
      event = await this.talk.receive(this.timeoutMs);
    } catch (error) {
      if (error instanceof ConversationError && error.code === 'TSGI_APP_RETURNED') return { kind: 'returned' };
      throw error;
    }
    switch (event.type) {
      case 'http.response.start':
        this.bodiless = (this.talk.scope as HttpScope).method === 'HEAD' || event.status === 204 || event.status === 304;
        // Headers and bytes were copied when the app sent them (appSent).
        return { kind: 'start', status: event.status, headers: event.headers ?? [] };
      case 'http.response.body':
        return { kind: 'body', bytes: this.bodiless ? new Uint8Array(0) : bytesOf(event.body), last: event.moreBody !== true };
      case 'http.response.pathsend':
        return { kind: 'body', bytes: this.bodiless ? new Uint8Array(0) : new Uint8Array(await readFile(event.path)), last: true };
      default:
        throw new ConversationError('TSGI_UNEXPECTED_EVENT', `an http app sent ${event.type}`);
    }
  }

  /**
   * Waits for the app to return after its response completed (`appSent` already told it the
   * exchange is over). The body feeder is not awaited: a body source may never end (an app that
   * answers 413 early stops reading); it checks `responseDone` before each chunk, so nothing
   * follows the disconnect.
   */
  async finish(): Promise<void> {
    await this.talk.waitFinished(this.timeoutMs);
  }
}
