/**
 * A declared route's responses: which status a plain return value gets, the development-mode
 * check of that value against the status's declared schema, and the serialiser compiled from it
 * (`responses/json-serializer.ts`).
 *
 * Compiled at registration with the rest of the route (see `declared-route.ts`); per request it
 * runs after the handler returned and before dispatch serialises the value. A `Response` the
 * handler built itself passes through untouched: it chose its own status and body.
 */
import type { TSchema } from '@sinclair/typebox';
import type { ValidateFunction } from 'ajv';
import { compileSerializer, type JsonSerializer } from '../responses/json-serializer.js';
import { JSON_CONTENT_TYPE, Response } from '../responses/response.js';
import type { ResponseDeclaration, RouteDeclaration } from '../validation/declaration.js';
import { toErrorDetails } from '../validation/error-details.js';
import { compileSchema } from '../validation/schema-compiler.js';
import { ResponseValidationError } from '../validation/validation-errors.js';

/** The schema of a response declaration, if it has one. */
export function responseSchema(response: ResponseDeclaration | undefined): TSchema | undefined {
  if (response === undefined) return undefined;
  return 'description' in response && !('type' in response) && !('anyOf' in response) && !('$ref' in response)
    ? (response as { schema?: TSchema }).schema
    : (response as TSchema);
}

/** The status a plain return value is sent with: the first declared 2xx, else 200. */
export function firstSuccessStatus(declaration: RouteDeclaration): number {
  const statuses = Object.keys(declaration.responses ?? {}).map(Number).filter((s) => s >= 200 && s < 300).sort((a, b) => a - b);
  return statuses[0] ?? 200;
}

/** Turns a handler's return value into what dispatch sends. */
export class ResponseFinisher {
  /** The status of plain return values. */
  readonly status: number;
  /** The compiled check of that status's schema (development mode only). */
  private readonly check: ValidateFunction | undefined;
  /** Writes plain return values as JSON, compiled from that status's schema when there is one. */
  readonly serialize: JsonSerializer;

  constructor(declaration: RouteDeclaration, development: boolean) {
    this.status = firstSuccessStatus(declaration);
    const schema = responseSchema(declaration.responses?.[this.status]);
    this.check = development && schema !== undefined ? compileSchema(schema, 'response') : undefined;
    this.serialize = compileSerializer(schema);
  }

  /** A `Response` as is; a plain value checked, and wrapped when its status is not 200 (dispatch serialises a 200). */
  finish(result: unknown): unknown {
    if (result instanceof Response) return result;
    const check = this.check;
    if (check !== undefined && !check(result)) throw new ResponseValidationError(this.status, toErrorDetails('body', check.errors ?? [], result));
    return this.status === 200 ? result : new Response(this.serialize(result), { status: this.status }, JSON_CONTENT_TYPE);
  }
}
