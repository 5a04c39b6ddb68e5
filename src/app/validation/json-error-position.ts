/**
 * Where a malformed JSON text goes wrong, for the 400 that tells the client.
 *
 * V8's `JSON.parse` messages do not always carry an offset ("Unexpected token '}', ... is not
 * valid JSON"), so after a parse has already failed this small recursive-descent scanner walks
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
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return container('}', true);
    if (c === '[') return container(']', false);
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    throw new Stop(i);
  };
  const container = (close: string, keyed: boolean): void => {
    i++;
    ws();
    if (text[i] === close) { i++; return; }
    for (;;) {
      if (keyed) {
        ws();
        if (text[i] !== '"') throw new Stop(i);
        string();
        ws();
        if (text[i] !== ':') throw new Stop(i);
        i++;
      }
      value();
      ws();
      if (text[i] === ',') { i++; continue; }
      if (text[i] === close) { i++; return; }
      throw new Stop(i);
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
