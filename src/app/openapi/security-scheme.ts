/**
 * Security schemes as the OpenAPI document names them.
 *
 * An auth dependency carries one of these, so `components.securitySchemes` and each operation's
 * `security` list come from the same dependencies that enforce them at runtime.
 */
import type { SecuritySchemeObject } from 'openapi3-ts/oas31';

/** A named OpenAPI security scheme (`name` is its key under `components.securitySchemes`). */
export interface SecurityScheme {
  /** The key under `components.securitySchemes`, and in each route's `security` requirement. */
  name: string;
  /** The OpenAPI Security Scheme Object (`type`, `in`, `scheme`, `flows`, ...). */
  definition: SecuritySchemeObject;
}
