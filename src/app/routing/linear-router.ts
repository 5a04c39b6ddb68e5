/**
 * LinearRouter: route matching by trying every route in turn — the version to read first.
 *
 * It keeps a plain list. A lookup splits the path into segments, asks each route whether it
 * matches, and among the routes that do keeps the most specific one (see the precedence rule in
 * `router.ts`: compare segment by segment, static text beats a placeholder beats a tail beats a
 * mount). Its cost grows with the number of routes, which is why the framework uses `TreeRouter`;
 * both pass the same contract tests, so this file is also a specification of what the tree does.
 */
import { RouteConflictError } from '../errors.js';
import { convertParams, parsePathPattern, splitPath, type PathPattern } from './path-pattern.js';
import { checkMountPrefix, type Endpoint, type MountPoint, type RouteMatch, type Router } from './router.js';
import { addMethod } from './tree-router.js';

/** Rank of a segment kind: lower is more specific. Converters rank by their own priority (1–5). */
const STATIC_RANK = 0;
const MOUNT_RANK = 6;

type Entry<T> = { kind: 'endpoint'; endpoint: Endpoint<T> } | { kind: 'mount'; mount: MountPoint<T> };

/** What one route made of a path: its placeholder texts and its rank, or nothing. */
interface Candidate<T> {
  entry: Entry<T>;
  texts: string[];
  ranks: number[];
  matchedPrefix: string;
}

/**
 * The readable router; see the file header. Same contract as `TreeRouter`, so the two are
 * interchangeable and share one test suite.
 *
 * @example
 * ```ts
 * const router = new LinearRouter<string>();
 * router.add('/items/{id:int}', 'GET', 'item');
 * const match = router.match('/items/7');
 * if (match?.kind === 'endpoint') match.endpoint.byMethod.get('GET'); // 'item'
 * ```
 */
export class LinearRouter<T> implements Router<T> {
  private readonly entries: Array<Entry<T>> = [];

  add(template: string, method: string, value: T): Endpoint<T> {
    const pattern = parsePathPattern(template);
    const same = this.entries.find((e) => e.kind === 'endpoint' && e.endpoint.pattern.shape === pattern.shape);
    if (same !== undefined && same.kind === 'endpoint') {
      addMethod(same.endpoint, pattern, method, value);
      return same.endpoint;
    }
    const endpoint: Endpoint<T> = { pattern, byMethod: new Map(), allow: '' };
    addMethod(endpoint, pattern, method, value);
    this.entries.push({ kind: 'endpoint', endpoint });
    return endpoint;
  }

  mount(prefix: string, value: T): MountPoint<T> {
    checkMountPrefix(prefix);
    const pattern = parsePathPattern(prefix);
    const same = this.entries.find((e) => e.kind === 'mount' && e.mount.pattern.shape === pattern.shape);
    if (same !== undefined && same.kind === 'mount') {
      throw new RouteConflictError(`mount "${prefix}" conflicts with mount "${same.mount.pattern.template}"`);
    }
    const mount = { pattern, value };
    this.entries.push({ kind: 'mount', mount });
    return mount;
  }

  match(path: string): RouteMatch<T> | null {
    const segments = splitPath(path);
    let best: Candidate<T> | null = null;
    for (const entry of this.entries) {
      const candidate = entry.kind === 'endpoint' ? matchEndpoint(entry, segments) : matchMount(entry, segments);
      if (candidate !== null && (best === null || compareRanks(candidate.ranks, best.ranks) < 0)) best = candidate;
    }
    if (best === null) return null;
    if (best.entry.kind === 'endpoint') {
      const endpoint = best.entry.endpoint;
      return { kind: 'endpoint', endpoint, params: convertParams(endpoint.pattern, best.texts) };
    }
    const mount = best.entry.mount;
    return { kind: 'mount', mount, params: convertParams(mount.pattern, best.texts), matchedPrefix: best.matchedPrefix };
  }
}

/** Does a route template match all of the path's segments? */
function matchEndpoint<T>(entry: Entry<T> & { kind: 'endpoint' }, segments: string[]): Candidate<T> | null {
  const pattern = entry.endpoint.pattern;
  const prefix = matchSegments(pattern, segments);
  if (prefix === null) return null;
  const { texts, ranks, used } = prefix;
  if (used === segments.length) return { entry, texts, ranks, matchedPrefix: '' };
  return null;
}

/** Does a mount's prefix match the first segments of the path (all of them, or some)? */
function matchMount<T>(entry: Entry<T> & { kind: 'mount' }, segments: string[]): Candidate<T> | null {
  const prefix = matchSegments(entry.mount.pattern, segments);
  if (prefix === null) return null;
  const matchedPrefix = '/' + segments.slice(0, prefix.used).join('/');
  return { entry, texts: prefix.texts, ranks: [...prefix.ranks, MOUNT_RANK], matchedPrefix };
}

/**
 * Matches the pattern's segments against the start of the path's. A `path` tail swallows everything
 * left (joined back with `/`).
 */
function matchSegments(pattern: PathPattern, segments: string[]): { texts: string[]; ranks: number[]; used: number } | null {
  const texts: string[] = [];
  const ranks: number[] = [];
  for (let i = 0; i < pattern.segments.length; i++) {
    const segment = pattern.segments[i]!;
    if (i >= segments.length) return null;
    const text = segments[i]!;
    if (segment.kind === 'static') {
      if (segment.text !== text) return null;
      ranks.push(STATIC_RANK);
    } else if (segment.converter.name === 'path') {
      texts.push(segments.slice(i).join('/'));
      ranks.push(segment.converter.priority);
      return { texts, ranks, used: segments.length };
    } else {
      if (!segment.converter.accepts(text)) return null;
      texts.push(text);
      ranks.push(segment.converter.priority);
    }
  }
  return { texts, ranks, used: pattern.segments.length };
}

/** Lexicographic order of rank lists; a list that is a prefix of another sorts first. */
function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}
