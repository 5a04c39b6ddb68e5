/**
 * Exception handlers: turning an error into a response, and choosing who does it.
 *
 * Lookup order for an error (first hit wins), the same for errors from handlers, routing (404/405)
 * and middleware:
 *  1. a handler registered for its status (`HTTPException` and other framework errors have one);
 *  2. a handler registered for its class, then for each parent class up to `Error`;
 *  3. for errors that are not meant for the client (5xx, or anything that is not a framework
 *     error), a handler registered for status 500;
 *  4. the default: `{"detail": ...}` with the error's status and headers, or a bare
 *     `{"detail":"Internal Server Error"}` 500 whose stack goes to the log, never to the client.
 */
import type { Receive, Send } from '../protocol/app.js';
import type { HttpScope } from '../protocol/scope.js';
import { AppError, HTTPException } from './errors.js';
import { Request, type RequestContext } from './request.js';
import { JSONResponse, Response } from './responses/response.js';

/**
 * Turns an error into a response. A plain return value is sent as JSON with the error's status
 * (`statusOf`: a framework error's own, 500 for anything else), so a handler that only reshapes
 * the body keeps the status right.
 */
export type ExceptionHandler<E = unknown> = (request: Request, error: E) => Response | unknown | Promise<Response | unknown>;

/** A class of errors. */
export type ErrorClass<E = Error> = abstract new (...args: any[]) => E;

/** Where errors are logged; `console` by default. */
export interface ErrorLogger {
  /** Records an unhandled error with a short description of where it happened. */
  error(message: string, error: unknown): void;
}

/** The registry of handlers and the lookup described in the file header. */
export class ExceptionHandlers {
  private readonly byStatus = new Map<number, ExceptionHandler>();
  private readonly byClass = new Map<ErrorClass<unknown>, ExceptionHandler>();

  add(key: number | ErrorClass<unknown>, handler: ExceptionHandler<never>): void {
    if (typeof key === 'number') this.byStatus.set(key, handler as ExceptionHandler);
    else this.byClass.set(key, handler as ExceptionHandler);
  }

  find(error: unknown): ExceptionHandler | undefined {
    const status = statusOf(error);
    if (error instanceof AppError) {
      const handler = this.byStatus.get(status);
      if (handler !== undefined) return handler;
    }
    if (error !== null && typeof error === 'object') {
      for (let proto = Object.getPrototypeOf(error); proto !== null; proto = Object.getPrototypeOf(proto)) {
        const handler = this.byClass.get(proto.constructor as ErrorClass<unknown>);
        if (handler !== undefined) return handler;
      }
    }
    return status >= 500 ? this.byStatus.get(500) : undefined;
  }
}

/** The status an error maps to: its own for framework errors, 500 for anything else. */
export function statusOf(error: unknown): number {
  return error instanceof AppError ? error.status : 500;
}

/** Whether an error is an ordinary outcome (a 4xx the code meant to send) rather than a bug to log. */
export function isExpected(error: unknown): boolean {
  return error instanceof AppError && error.expose;
}

/** The response used when no handler claims an error. */
export function defaultErrorResponse(error: unknown): Response {
  if (error instanceof HTTPException) {
    return new JSONResponse({ detail: error.detail }, { status: error.status, headers: error.headers });
  }
  if (error instanceof AppError && error.expose) {
    return new JSONResponse({ detail: error.message }, { status: error.status });
  }
  return new JSONResponse({ detail: 'Internal Server Error' }, { status: 500 });
}

/**
 * A `send` that remembers whether `http.response.start` went out, for the places that catch errors
 * from code that may already have started a response (mounted apps, middleware, streaming
 * responses). The plain route path does not need one: there, an error from the handler is known to
 * come before anything was sent.
 */
export class StartWatcher {
  started = false;
  readonly send: Send;
  constructor(inner: Send) {
    this.send = (event) => {
      if (event.type === 'http.response.start') this.started = true;
      return inner(event);
    };
  }
}

/**
 * Answers an HTTP request with the response for `error`. Callers check first that no response has
 * started; if sending still fails, the original error is rethrown so the server aborts the
 * connection (the only honest thing left to do).
 */
export async function respondWithError(
  handlers: ExceptionHandlers,
  logger: ErrorLogger,
  context: RequestContext,
  scope: HttpScope,
  receive: Receive,
  send: Send,
  error: unknown,
  request?: Request,
): Promise<void> {
  if (!isExpected(error)) logger.error(`tsgi: error while handling ${scope.method} ${scope.path}`, error);
  let response: Response;
  try {
    response = await runHandler(handlers.find(error), request ?? new Request(scope, receive, {}, context), error);
  } catch (handlerError) {
    logger.error('tsgi: an exception handler failed', handlerError);
    response = defaultErrorResponse(handlerError);
  }
  try {
    await response.send(scope, receive, send);
  } catch {
    throw error;
  }
}

async function runHandler(handler: ExceptionHandler | undefined, request: Request, error: unknown): Promise<Response> {
  if (handler === undefined) return defaultErrorResponse(error);
  const result = await handler(request, error);
  return result instanceof Response ? result : new JSONResponse(result, { status: statusOf(error) });
}
