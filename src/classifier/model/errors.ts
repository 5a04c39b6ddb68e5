/**
 * Errors of the model layer: loading a model version from disk.
 *
 * A model that cannot be loaded is an operator's problem, not a client's: the service refuses to
 * start and prints the message, which names the file. So the status is 500 and `expose` is false,
 * in line with the framework's error classes, should it ever surface through a request.
 */

/** A model directory is missing, or one of its files is missing or unreadable. */
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
  readonly status = 500;
  readonly code = 'model_load_failed';
  readonly expose = false;
  /** The file (or directory) that could not be loaded. */
  readonly file: string;
  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super(`cannot load model file ${file}: ${reason}`, options);
    this.file = file;
  }
}
