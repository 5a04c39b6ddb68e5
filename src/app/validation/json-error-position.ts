/**
 * Where a malformed JSON text goes wrong, for the 400 that tells the client.
 *
 * V8's `JSON.parse` messages do not always carry an offset ("Unexpected token '}', ... is not
 * valid JSON"), so after a parse has already failed this small scanner walks
 * the text by RFC 8259's grammar and returns the first offset it cannot accept, with its line
 * and column. It runs only on the error path; valid bodies are parsed by `JSON.parse` alone.
 */

/** The first offending offset (0-based), and its 1-based line and column. */
export interface JsonErrorPosition {
  /** Offset into the text, counted in UTF-16 code units from 0. */
  position: number;
  /** Line of the offset, counted from 1. */
  line: number;
  /** Column of the offset within its line, counted from 1. */
  column: number;
}

class Stop {
  constructor(readonly at: number) {}
}

/** Locates the first syntax error in `text`, or `undefined` when it is valid JSON. */
export function findJsonError(text: string): JsonErrorPosition | undefined {
  let i = 0;
  const ws = (): void => { while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++; };
  const literal = (word: string): void => {
    for (const c of word) { if (text[i] !== c) throw new Stop(i); i++; }
  };
  const string = (): void => {
    i++; // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) { i++; return; }
      if (c < 0x20) throw new Stop(i);
      if (c === 0x5c) {
        i++;
        if (text[i] === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) throw new Stop(i); i += 5; }
        else if ('"\\/bfnrt'.includes(text[i] ?? '')) i++;
        else throw new Stop(i);
      } else i++;
    }
    throw new Stop(i);
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (match === null) throw new Stop(i);
    i += match[0].length;
  };
  /** After `{` or `,` inside an object: a key and its colon. */
  const key = (): void => {
    ws();
    if (text[i] !== '"') throw new Stop(i);
    string();
    ws();
    if (text[i] !== ':') throw new Stop(i);
    i++;
  };
  const scalar = (c: string | undefined): void => {
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    throw new Stop(i);
  };
  /**
   * One whole value, containers included. A loop over an explicit stack of the closers still
   * expected, not recursion: the text comes from the client, and a body of 100,000 `[` would
   * otherwise overflow the call stack on the very path that reports bad input.
   */
  const value = (): void => {
    const open: string[] = [];
    for (;;) {
      ws();
      const c = text[i];
      if (c === '{' || c === '[') {
        i++;
        ws();
        const close = c === '{' ? '}' : ']';
        if (text[i] !== close) {
          open.push(close);
          if (close === '}') key();
          continue;
        }
        i++;
      } else {
        scalar(c);
      }
      // A value ended: close what it ended, or go on to the next element.
      for (;;) {
        if (open.length === 0) return;
        ws();
        const close = open[open.length - 1];
        if (text[i] === ',') {
          i++;
          if (close === '}') key();
          break;
        }
        if (text[i] !== close) throw new Stop(i);
        i++;
        open.pop();
      }
    }
  };
  try {
    value();
    ws();
    if (i < text.length) throw new Stop(i);
    return undefined;
  } catch (stop) {
    if (!(stop instanceof Stop)) throw stop;
    const before = text.slice(0, stop.at);
    const line = before.split('\n').length;
    return { position: stop.at, line, column: stop.at - before.lastIndexOf('\n') };
  }
}
