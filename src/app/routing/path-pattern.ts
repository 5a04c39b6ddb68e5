/**
 * Path patterns: a route template such as `/items/{id:int}/files/{rest:path}` parsed once, at
 * registration, into segments both routers walk.
 *
 * A template is split on `/`. Each piece is either static text or a whole placeholder
 * `{name}` / `{name:converter}`; mixing text and a placeholder in one segment is refused, which keeps
 * matching a per-segment comparison. The same parsed pattern builds URLs back from parameters
 * (`urlPathFor`), so the two directions cannot disagree.
 */
import { RouteDefinitionError } from '../errors.js';
import { CONVERTERS, type Converter } from './converters.js';

/** One piece of a template between two slashes. */
export type Segment =
  | {
      /** Literal text that must match exactly. */
      readonly kind: 'static';
      /** The text, as written in the template. */
      readonly text: string;
    }
  | {
      /** A `{name:converter}` placeholder. */
      readonly kind: 'param';
      /** The parameter's name in `pathParams`. */
      readonly name: string;
      /** Decides which segment texts fit and turns them into values. */
      readonly converter: Converter;
    };

/** A parsed route template. */
export interface PathPattern {
  /** The template as registered, e.g. `/items/{id:int}`. */
  readonly template: string;
  /** The template split on `/`, each piece parsed. */
  readonly segments: readonly Segment[];
  /** `true` when no segment is a placeholder: such routes are found by one Map lookup. */
  readonly isStatic: boolean;
  /** Placeholders in order, for turning matched segment texts into named parameters. */
  readonly params: ReadonlyArray<{
    /** The parameter's name in `pathParams`. */
    readonly name: string;
    /** The converter named in the placeholder (`str` when none is given). */
    readonly converter: Converter;
  }>;
  /**
   * The shape with names erased (`/items/{int}`): two patterns with the same shape match exactly
   * the same paths, which is how a conflict is detected.
   */
  readonly shape: string;
}

/** Path parameters after conversion, by placeholder name. */
export type PathParams = Record<string, unknown>;

/**
 * Splits a path into segments the way templates are split: `/` → `['']`, `/a/b/` → `['a','b','']`.
 * Used by the linear router and by tests; the tree router walks the string without splitting.
 */
export function splitPath(path: string): string[] {
  return path.slice(1).split('/');
}

/**
 * Parses a template; throws `RouteDefinitionError` naming the template and the problem.
 *
 * @example
 * ```ts
 * const pattern = parsePathPattern('/items/{id:int}');
 * buildPath(pattern, { id: 42 }); // '/items/42'
 * ```
 */
export function parsePathPattern(template: string): PathPattern {
  if (!template.startsWith('/')) throw new RouteDefinitionError(template, 'a route path must start with "/"');
  const pieces = splitPath(template);
  const segments: Segment[] = [];
  const params: Array<{ name: string; converter: Converter }> = [];
  const names = new Set<string>();
  pieces.forEach((piece, index) => {
    const segment = parseSegment(template, piece);
    if (segment.kind === 'param') {
      if (names.has(segment.name)) throw new RouteDefinitionError(template, `parameter "${segment.name}" appears twice`);
      if (segment.converter.name === 'path' && index !== pieces.length - 1) {
        throw new RouteDefinitionError(template, 'a {name:path} placeholder must be the last segment');
      }
      names.add(segment.name);
      params.push({ name: segment.name, converter: segment.converter });
    }
    segments.push(segment);
  });
  const shape = '/' + segments.map((s) => (s.kind === 'static' ? s.text : `{${s.converter.name}}`)).join('/');
  return { template, segments, isStatic: params.length === 0, params, shape };
}

function parseSegment(template: string, piece: string): Segment {
  const open = piece.indexOf('{');
  const close = piece.indexOf('}');
  if (open === -1 && close === -1) return { kind: 'static', text: piece };
  if (open !== 0 || close !== piece.length - 1 || piece.indexOf('{', 1) !== -1) {
    throw new RouteDefinitionError(template, `segment "${piece}" must be plain text or one whole {placeholder}`);
  }
  const inner = piece.slice(1, -1);
  const colon = inner.indexOf(':');
  const name = colon === -1 ? inner : inner.slice(0, colon);
  const converterName = colon === -1 ? 'str' : inner.slice(colon + 1);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new RouteDefinitionError(template, `"${name}" is not a valid parameter name`);
  const converter = CONVERTERS.get(converterName);
  if (converter === undefined) {
    throw new RouteDefinitionError(template, `unknown converter "${converterName}" (known: ${[...CONVERTERS.keys()].join(', ')})`);
  }
  return { kind: 'param', name, converter };
}

/** Turns the matched texts of a pattern's placeholders (in order) into named, converted values. */
export function convertParams(pattern: PathPattern, texts: readonly string[]): PathParams {
  const params: PathParams = {};
  for (let i = 0; i < texts.length; i++) {
    const p = pattern.params[i]!;
    params[p.name] = p.converter.parse(texts[i]!);
  }
  return params;
}

/**
 * Builds a path from a pattern and parameter values, percent-encoding each segment.
 * Throws `TypeError` when a parameter is missing or a value does not fit its converter.
 *
 * @example
 * ```ts
 * buildPath(parsePathPattern('/users/{name}'), { name: 'ada' }); // '/users/ada'
 * ```
 */
export function buildPath(pattern: PathPattern, values: Record<string, unknown>): string {
  const out: string[] = [];
  for (const segment of pattern.segments) {
    if (segment.kind === 'static') {
      out.push(segment.text);
      continue;
    }
    if (!(segment.name in values)) throw new TypeError(`missing parameter "${segment.name}"`);
    const text = segment.converter.format(values[segment.name]);
    // A path tail keeps its slashes; every other segment is encoded whole.
    out.push(segment.converter.name === 'path' ? text.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(text));
  }
  return '/' + out.join('/');
}
