/**
 * Next.js's `next start` handles SIGTERM itself: it stops accepting requests, lets those in flight
 * finish, then calls process.exit() without flushing any tracer. So after a termination signal,
 * process.exit is made to wait (at most `timeoutMs`) for `flush` first. Before a signal, exits are
 * left alone, so builds and crashes are not slowed down.
 */
export function flushBeforeExitOnSignal(flush: () => Promise<void>, timeoutMs = 5000): void {
  let signalled = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => (signalled = true));

  const exit = process.exit.bind(process);
  let exiting = false;
  process.exit = ((code?: number | string | null) => {
    if (!signalled || exiting) return exit(code);
    exiting = true;
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    void Promise.race([flush().catch(() => undefined), deadline]).finally(() => exit(code));
  }) as typeof process.exit;
}
