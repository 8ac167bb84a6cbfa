/**
 * Graceful shutdown, the part servers leave out: `server.close()` refuses new connections and closes
 * idle ones, but a client holding a kept-alive connection that is busy at that moment can go on
 * sending requests over it, and each one keeps the server from finishing. From the termination
 * signal on, every answer says `Connection: close`, so such clients reconnect elsewhere.
 *
 * The flag lives on globalThis because Next.js bundles instrumentation.ts and each route separately:
 * a module-level variable would not be shared between them.
 */
const DRAINING = Symbol.for('threadline.http.draining');
type DrainingFlag = { [DRAINING]?: boolean };

export function markDraining(): void {
  (globalThis as DrainingFlag)[DRAINING] = true;
}

/** For servers whose signal handling belongs to someone else (Next.js's `next start`). */
export function watchForTermination(): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, markDraining);
}

export function isDraining(): boolean {
  return (globalThis as DrainingFlag)[DRAINING] === true;
}

/** The header to add to an answer: `{ connection: 'close' }` while draining, nothing before. */
export function drainingHeaders(): Record<string, string> {
  return isDraining() ? { connection: 'close' } : {};
}

/** Adds the draining headers to an answer the route built itself (see drainingHeaders). */
export function withDrainingHeaders(response: Response): Response {
  for (const [name, value] of Object.entries(drainingHeaders())) response.headers.set(name, value);
  return response;
}
