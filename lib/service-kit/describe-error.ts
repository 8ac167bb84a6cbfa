/**
 * One line for a log or a message: the error's own message and, where it has one, its cause's
 * ("fetch failed: connect ECONNREFUSED 127.0.0.1:8080"). Node's fetch hides the useful part in the cause.
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}
