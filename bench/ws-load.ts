/**
 * A WebSocket load client fast enough not to be the bottleneck: many connections, each keeping a
 * window of messages in flight, counting the replies for a fixed time.
 *
 * wrk cannot speak WebSocket, so the harness runs this file as its own process pinned to the load
 * core: `node ws-load.js --url ws://127.0.0.1:8000/ws --message hi --seconds 5`. It prints one JSON
 * line `{"messages": n, "seconds": s, "closedEarly": c}` (connections the server closed mid-run).
 *
 * Why not the `ws` package: per message it allocates, masks and parses through several layers,
 * about twice the CPU the uWS server spends answering (measured: 22 against 10 µs per echo), so the
 * server sat idle while the client ran flat out. This client speaks just enough RFC 6455 over
 * `node:net`: the opening handshake, then one pre-built masked frame written again for every reply,
 * and a reply counter that reads only frame headers. It reuses one masking key for all its frames —
 * a client must pick a fresh one per frame (RFC 6455 §5.3) to protect proxies from cache poisoning,
 * which does not concern a loopback benchmark, and servers do not check it.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** How to load one endpoint. */
export interface WebSocketLoad {
  url: string;
  message: string;
  seconds: number;
  connections: number;
  /** Messages in flight per connection. */
  window: number;
}

/** Runs the load and resolves with the replies received and the time it took. */
export async function loadWebSocket(load: WebSocketLoad): Promise<{ messages: number; seconds: number; closedEarly: number }> {
  // A string goes out as a text frame, as the JSON protocols under test expect.
  const frame = maskedTextFrame(Buffer.from(load.message, 'utf8'));
  const batches = new FrameBatches(frame);
  const sockets = await Promise.all(Array.from({ length: load.connections }, () => open(load.url)));
  let messages = 0;
  let closedEarly = 0;
  const started = performance.now();
  const deadline = started + load.seconds * 1000;
  await Promise.all(
    sockets.map(
      ({ socket, rest }) =>
        new Promise<void>((resolve) => {
          let inFlight = load.window;
          const reader = new ReplyCounter();
          const onData = (chunk: Buffer) => {
            const replies = reader.count(chunk);
            // A close frame: hang up at once (a server may wait for our closing frame, ws up to
            // 30 s); the 'close' event that follows counts it if the run was not over.
            if (reader.closed) return void socket.destroy();
            if (replies === 0) return;
            messages += replies;
            inFlight -= replies;
            if (performance.now() < deadline) {
              // One write for all the replies this chunk carried: as many messages go back out.
              socket.write(batches.of(replies));
              inFlight += replies;
            } else if (inFlight === 0) resolve();
          };
          socket.on('data', onData);
          socket.on('close', () => {
            if (performance.now() < deadline) closedEarly++;
            resolve();
          });
          socket.on('error', () => {});
          socket.write(batches.of(load.window));
          if (rest.length) onData(rest);
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const { socket } of sockets) socket.destroy();
  return { messages, seconds, closedEarly };
}

/** A client text frame (FIN, opcode 1) carrying `payload`, masked with one random key. */
export function maskedTextFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.alloc(header + 4 + length);
  frame[0] = 0x81;
  if (length < 126) frame[1] = 0x80 | length;
  else if (length < 65536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const key = randomBytes(4);
  key.copy(frame, header);
  for (let i = 0; i < length; i++) frame[header + 4 + i] = payload[i]! ^ key[i & 3]!;
  return frame;
}

/** `n` copies of one frame in one buffer, built once per `n`. */
class FrameBatches {
  private readonly cache = new Map<number, Buffer>();
  constructor(private readonly frame: Buffer) {}
  of(n: number): Buffer {
    let batch = this.cache.get(n);
    if (!batch) {
      batch = Buffer.concat(Array.from({ length: n }, () => this.frame));
      this.cache.set(n, batch);
    }
    return batch;
  }
}

/**
 * Counts the complete data messages in a stream of server frames, reading headers only. A frame cut
 * between two chunks is finished with the next one; a close frame marks the end.
 */
export class ReplyCounter {
  closed = false;
  private pending: Buffer | null = null;

  /** The number of messages that `chunk` completed. */
  count(chunk: Buffer): number {
    let data = chunk;
    if (this.pending) {
      data = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    let at = 0;
    let complete = 0;
    while (data.length - at >= 2) {
      const first = data[at]!;
      const second = data[at + 1]!;
      let length = second & 0x7f;
      let header = 2;
      if (length === 126) {
        if (data.length - at < 4) break;
        length = data.readUInt16BE(at + 2);
        header = 4;
      } else if (length === 127) {
        if (data.length - at < 10) break;
        length = Number(data.readBigUInt64BE(at + 2));
        header = 10;
      }
      if (second & 0x80) header += 4;
      if (data.length - at < header + length) break;
      const opcode = first & 0x0f;
      // A data frame with FIN ends a message; pings and pongs (9, 10) are not replies.
      if (opcode === 8) this.closed = true;
      else if (opcode <= 2 && first & 0x80) complete++;
      at += header + length;
    }
    if (at < data.length) this.pending = data.subarray(at);
    return complete;
  }
}

/** Opens a connection and completes the opening handshake; `rest` is whatever followed the 101. */
function open(url: string): Promise<{ socket: Socket; rest: Buffer }> {
  const { hostname, port, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) || 80, noDelay: true });
    let head = Buffer.alloc(0);
    const timer = setTimeout(() => fail(new Error(`no handshake answer from ${url} within 10 s`)), 10000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      clearTimeout(timer);
      const statusLine = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
      if (!/^HTTP\/1\.1 101 /.test(statusLine)) return fail(new Error(`${url} answered the upgrade with "${statusLine}"`));
      resolve({ socket, rest: head.subarray(end + 4) });
    };
    socket.on('data', onData);
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.write(
        `GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      message: { type: 'string', default: 'hello' },
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '16' },
      window: { type: 'string', default: '8' },
    },
  });
  if (!values.url) {
    process.stderr.write('ws-load needs --url ws://127.0.0.1:<port>/<path>\n');
    process.exit(2);
  }
  const result = await loadWebSocket({ url: values.url, message: values.message!, seconds: Number(values.seconds), connections: Number(values.connections), window: Number(values.window) });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}
