/** The one error shape of every HTTP API in Threadline: `{ "error": { "code", "message" } }`. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
  };
}

/** An error meant for the caller: its status, a stable machine-readable code and plain words. */
export class ApiError extends Error {
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
