/**
 * Security schemes as the OpenAPI document names them.
 *
 * An auth dependency carries one of these, so `components.securitySchemes` and each operation's
 * `security` list come from the same dependencies that enforce them at runtime.
 */
import type { SecuritySchemeObject } from 'openapi3-ts/oas31';

/** A named OpenAPI security scheme (`name` is its key under `components.securitySchemes`). */
export interface SecurityScheme {
  name: string;
  definition: SecuritySchemeObject;
}
