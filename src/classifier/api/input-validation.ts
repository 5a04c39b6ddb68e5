/**
 * Input validation for what the framework does not read itself — WebSocket messages and V2
 * inference inputs — checked against the same schemas as the REST bodies, problems listed
 * FastAPI-style (REST bodies are declared routes: the framework validates them).
 *
 * Every problem becomes `{loc, msg, type}`: `loc` is the path from the root (`["body", "items", 2,
 * "title"]`), `msg` a sentence, `type` a stable code clients can branch on (`missing`,
 * `string_type`, `string_too_short`, ...). A `missing` field also carries `input`, the object it
 * is missing from, as the framework's HTTP 422s do (FastAPI's shape); the client sent that object,
 * so it goes through the framework's `echoInput` (a value nested too deep becomes a note instead
 * of overflowing the stack when the reply is written). All problems are reported at once (ajv
 * `allErrors`), so a client fixes its request in one round trip. Validators are compiled once, at
 * startup.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { echoInput } from '../../app/index.js';
import { ClassifierError } from '../errors.js';
import { PROJECT_SCHEMA, WS_MESSAGE_SCHEMA } from './schemas.js';

/** One validation problem, as the 422 body lists it. */
export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
  /** For `missing`: the object the field is missing from (see `echoInput`). */
  input?: unknown;
}

/** A body or message that does not match its schema: 422 with every issue. */
export class RequestValidationError extends ClassifierError {
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[]) {
    super(issues.map((issue) => `${issue.loc.join('.')}: ${issue.msg}`).join('; '), 422, 'validation_failed');
    this.issues = issues;
  }
}

/** A project as the model takes it, after defaults are applied. */
export interface ProjectInput {
  title: string;
  description: string;
}

// `verbose` puts the value each error is about in `error.data`: for `required`, the object the
// field is missing from, which the issue echoes. It costs only on the failure path.
const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, verbose: true });
const checkProject = ajv.compile(PROJECT_SCHEMA);
const checkMessage = ajv.compile(WS_MESSAGE_SCHEMA);

/** Turns one ajv error into an issue under `root` (e.g. `"body"`). */
function toIssue(error: ErrorObject, root: string): ValidationIssue {
  const loc: Array<string | number> = [root];
  for (const part of error.instancePath.split('/').slice(1)) loc.push(/^\d+$/.test(part) ? Number(part) : part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { loc: [...loc, p.missingProperty as string], msg: 'Field required', type: 'missing', input: echoInput(error.data) };
    case 'type':
      // Only a message id takes a list of types (WS_ID_SCHEMA): its issue keeps its own code.
      if (Array.isArray(p.type)) return { loc, msg: 'Input should be a valid string or number', type: 'id_type' };
      if (p.type === 'string') return { loc, msg: 'Input should be a valid string', type: 'string_type' };
      if (p.type === 'array') return { loc, msg: 'Input should be a valid list', type: 'list_type' };
      return { loc, msg: 'Input should be a valid dictionary or object', type: 'dict_type' };
    case 'minLength':
      return { loc, msg: `String should have at least ${p.limit} character${p.limit === 1 ? '' : 's'}`, type: 'string_too_short' };
    case 'maxLength':
      return { loc, msg: `String should have at most ${p.limit} characters`, type: 'string_too_long' };
    case 'minItems':
      return { loc, msg: `List should have at least ${p.limit} item${p.limit === 1 ? '' : 's'}`, type: 'too_short' };
    case 'maxItems':
      return { loc, msg: `List should have at most ${p.limit} items`, type: 'too_long' };
    default:
      return { loc, msg: error.message ?? 'Invalid value', type: error.keyword };
  }
}

function fail(errors: ErrorObject[] | null | undefined, root: string): never {
  throw new RequestValidationError((errors ?? []).map((error) => toIssue(error, root)));
}

/** Validates a `/predict` body; throws `RequestValidationError` listing every problem. */
export function parseProject(value: unknown, root = 'body'): ProjectInput {
  if (!checkProject(value)) fail(checkProject.errors, root);
  const project = value as { title: string; description: string };
  return { title: project.title, description: project.description };
}

/** A message's fields in the order its issues are listed (ajv reports a missing field first). */
const MESSAGE_FIELDS = Object.keys(WS_MESSAGE_SCHEMA.properties);

function fieldRank(issue: ValidationIssue): number {
  const rank = MESSAGE_FIELDS.indexOf(String(issue.loc[1]));
  return rank < 0 ? MESSAGE_FIELDS.length : rank;
}

/**
 * Validates one `/ws/predict` message (its `id` a string or a number, see `WS_ID_SCHEMA`); the
 * issues are listed field by field, `id` first.
 */
export function parseSocketMessage(value: unknown): { id: string | number | null; project: ProjectInput } {
  if (!checkMessage(value)) {
    const issues = (checkMessage.errors ?? []).map((error) => toIssue(error, 'body'));
    throw new RequestValidationError(issues.sort((a, b) => fieldRank(a) - fieldRank(b)));
  }
  const message = value as { id?: string | number; title: string; description: string };
  return { id: message.id ?? null, project: { title: message.title, description: message.description } };
}
