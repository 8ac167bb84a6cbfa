/** The one error shape of every HTTP API in Threadline: `{ "error": { "code", "message" } }`. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
  };
}

const API_ERROR = Symbol.for('threadline.api-error');

/** An error meant for the caller: its status, a stable machine-readable code and plain words. */
export class ApiError extends Error {
  private readonly [API_ERROR] = true;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  /** For a refusal that will pass on its own (503, 429): the `Retry-After` a client should honour. */
  readonly retryAfterSeconds: number | undefined;

  /** The answer's headers beyond its content type. */
  headers(): Record<string, string> {
    return this.retryAfterSeconds === undefined ? {} : { 'retry-after': String(this.retryAfterSeconds) };
  }

  toBody(): ErrorBody {
    return errorBody(this.code, this.message);
  }

  /**
   * By brand, not by class: Next.js bundles the pages (the ssr chunks) and the route handlers with
   * a copy of this module each, and the shop's repository (one per process, on globalThis) throws
   * the copy of whichever opened it first. A 503 thrown by the page's copy and caught by a route's
   * then answered 500 internal_error while PostgreSQL restarted.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [API_ERROR]?: unknown })[API_ERROR] === true;
  }
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const { error } = value as { error: unknown };
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}
