/**
 * The `server` response header, carried by another header's `writeHeader` call.
 *
 * Where it sits: one per server process (server-runtime.ts), asked by the response writer
 * (response-writer.ts) for the name of the last header it writes on each response.
 */

/** Header names held with the server line in front, per server header (bounded; names repeat). */
const MAX_PREFIXED_NAMES = 64;

/**
 * The `server` header line written *inside* the name of another header: uWS writes
 * `name + ": " + value + "\r\n"`, so the name `"server: tsgi\r\ncontent-type"` puts both lines
 * on the wire with one `writeHeader` call instead of two. A native call costs more than the
 * copy (measured ~200 ns per `writeHeader` under load); the joined names are few (an app sends
 * the same header names on every response), so they are built once and kept. Safe because both
 * parts are checked: app header names are HTTP tokens (the protocol's field checks), and the
 * server header is the operator's option.
 */
export class ServerLine {
  private readonly prefixed = new Map<string, string>();
  private readonly prefix: string;
  /**
   * The last name asked for and its answer: an app ends its headers the same way every time, and
   * `===` on the same string is a pointer comparison, cheaper than the map's hashing.
   */
  private lastName = '';
  private lastJoined: string;

  constructor(readonly value: string) {
    this.prefix = `server: ${value}\r\n`;
    this.lastJoined = this.prefix;
  }

  /** `name` with the server line in front of it. */
  before(name: string): string {
    if (name === this.lastName) return this.lastJoined;
    let joined = this.prefixed.get(name);
    if (joined === undefined) {
      joined = this.prefix + name;
      if (name.length <= 64) {
        if (this.prefixed.size >= MAX_PREFIXED_NAMES) this.prefixed.clear();
        this.prefixed.set(name, joined);
      }
    }
    this.lastName = name;
    this.lastJoined = joined;
    return joined;
  }
}
