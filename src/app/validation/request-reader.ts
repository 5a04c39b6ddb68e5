/**
 * Reading a request's declared parts: collect, coerce, validate, and report every error at once.
 *
 * Built at registration from the merged parameter groups and the body schema; per request it
 * copies the declared values out of the URL, headers and cookies (repeated query keys become a
 * list where the schema says array), runs one compiled validator per part, then reads the body:
 * empty → `missing` (when required), wrong Content-Type → 415, unparsable → 400 with the
 * position, otherwise validated like the rest. All parameter and body errors share one 422.
 */
import type { TSchema } from '@sinclair/typebox';
import type { ValidateFunction } from 'ajv';
import type { Request } from '../request.js';
import type { WebSocket } from '../websockets.js';
import { parseCookies } from '../cookies.js';
import { isJsonContentType } from './content-type.js';
import { findJsonError } from './json-error-position.js';
import { toErrorDetails, type ErrorDetail, type Location } from './error-details.js';
import { compileSchema } from './schema-compiler.js';
import type { MergedGroup, ParameterPart } from './parameter-groups.js';
import { MalformedJSONError, RequestValidationError, UnsupportedMediaTypeError } from './validation-errors.js';

const LOCATION: Record<ParameterPart, Location> = { params: 'path', query: 'query', headers: 'header', cookies: 'cookie' };

interface CompiledPart {
  part: ParameterPart;
  names: Array<[property: string, source: string, many: boolean]>;
  validate: ValidateFunction;
}

/** Reads and validates a request's declared parts. */
export class RequestReader {
  private readonly parts: CompiledPart[] = [];
  private readonly body: ValidateFunction | undefined;

  constructor(groups: Record<ParameterPart, MergedGroup>, body: TSchema | undefined, private readonly bodyRequired: boolean, extraBody: 'ignore' | 'forbid') {
    for (const part of Object.keys(groups) as ParameterPart[]) {
      const group = groups[part];
      const names = Object.entries(group.properties).map(([name, schema]): CompiledPart['names'][number] =>
        [name, part === 'headers' ? name.toLowerCase().replace(/_/g, '-') : name, (schema as { type?: unknown }).type === 'array']);
      if (names.length === 0) continue;
      const schema = { type: 'object', properties: group.properties, required: group.required };
      this.parts.push({ part, names, validate: compileSchema(schema, 'text') });
    }
    this.body = body === undefined ? undefined : compileSchema(body, extraBody === 'ignore' ? 'body-ignore-extra' : 'body-forbid-extra');
  }

  /** True when the route reads a body (WebSocket routes may not). */
  get readsBody(): boolean {
    return this.body !== undefined;
  }

  /** The validated parameter parts; with `request` given, the validated body as well. */
  async read(connection: Request<any> | WebSocket<any>, request: Request<any> | undefined): Promise<Record<ParameterPart, Record<string, unknown>> & { body: unknown }> {
    const errors: ErrorDetail[] = [];
    const result = { params: {}, query: {}, headers: {}, cookies: {}, body: undefined as unknown } as Record<ParameterPart, Record<string, unknown>> & { body: unknown };
    let cookies: Record<string, string> | undefined;
    for (const compiled of this.parts) {
      const values: Record<string, unknown> = {};
      for (const [property, source, many] of compiled.names) {
        let value: unknown;
        switch (compiled.part) {
          case 'params': value = connection.pathParams[source]; break;
          case 'query': value = many ? connection.query.getAll(source) : connection.query.get(source) ?? undefined; break;
          case 'headers': value = many ? connection.headers.getAll(source) : connection.headers.get(source) ?? undefined; break;
          case 'cookies': value = (cookies ??= parseCookies(connection.headers.getAll('cookie')))[source]; break;
        }
        if (many && Array.isArray(value) && value.length === 0) value = undefined;
        if (value !== undefined) values[property] = value;
      }
      if (!compiled.validate(values)) errors.push(...toErrorDetails(LOCATION[compiled.part], compiled.validate.errors ?? [], values));
      result[compiled.part] = values;
    }
    if (this.body !== undefined && request !== undefined) result.body = await this.readBody(request, errors);
    if (errors.length > 0) throw new RequestValidationError(errors);
    return result;
  }

  private async readBody(request: Request<any>, errors: ErrorDetail[]): Promise<unknown> {
    const bytes = await request.bytes();
    if (bytes.length === 0) {
      if (this.bodyRequired) errors.push({ loc: ['body'], msg: 'Field required', type: 'missing', input: null });
      return undefined;
    }
    const contentType = request.headers.get('content-type');
    if (contentType === null || !isJsonContentType(contentType)) throw new UnsupportedMediaTypeError(contentType);
    let data: unknown;
    const text = new TextDecoder().decode(bytes);
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new MalformedJSONError((error as Error).message, findJsonError(text));
    }
    const validate = this.body!;
    if (!validate(data)) errors.push(...toErrorDetails('body', validate.errors ?? [], data));
    return data;
  }
}
