/**
 * A response read while it is still being sent: the client end of a streaming HTTP exchange.
 *
 * Handed to the test at `http.response.start`. Each `http.response.body` event becomes one chunk
 * of `chunks()`, at the moment the app sends it, so a test can observe timing and can disconnect
 * halfway (`disconnect()` delivers `http.disconnect`, as a browser closing the tab would).
 */
import type { HeaderList } from '../scope.js';
import { headerValue } from '../headers.js';
import { ConversationError } from '../errors.js';
import type { HttpExchange } from './http-exchange.js';
import type { StreamingTestResponse } from './test-response.js';

/** A `StreamingTestResponse` over a running exchange whose response has started. */
export class LiveResponse implements StreamingTestResponse {
  readonly finished: Promise<void>;
  private ended = false;

  constructor(
    private readonly exchange: HttpExchange,
    readonly status: number,
    readonly headers: HeaderList,
  ) {
    this.finished = exchange.talk.finished;
  }

  header(name: string): string | undefined {
    return headerValue(this.headers, name);
  }

  async *chunks(): AsyncIterable<Uint8Array> {
    while (!this.ended) {
      const item = await this.exchange.read();
      if (item.kind === 'returned') {
        this.ended = true;
        // After a disconnect an app may stop mid-body: the stream simply ends. Otherwise the
        // response is cut short — a server closes the connection — and a test must not take the
        // chunks so far for the whole body.
        if (this.exchange.clientDisconnected) return;
        throw new ConversationError('TSGI_APP_RETURNED', 'the app returned before completing the response');
      }
      if (item.kind === 'start') throw new ConversationError('TSGI_UNEXPECTED_EVENT', 'the app sent http.response.start twice');
      if (item.last) this.ended = true;
      yield item.bytes;
      if (item.last) await this.exchange.finish();
    }
  }

  disconnect(): void {
    this.exchange.disconnect();
  }
}
