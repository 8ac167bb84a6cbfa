/**
 * When `npm start` brings a crashed service back: at once the first time, then waiting twice as long
 * after each crash that follows quickly (a service that dies on start would otherwise spin), up to
 * a cap. A service that then stays up for a while has its count forgiven.
 */
export interface RestartPolicy {
  /** The wait before the first restart. */
  firstDelayMs: number;
  /** The longest wait between restarts. */
  maxDelayMs: number;
  /** Up this long, a service's earlier crashes no longer count. */
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { firstDelayMs: 500, maxDelayMs: 30_000, stableAfterMs: 60_000 };

/** What a supervisor keeps about one service, pure so that the rule can be tested without processes. */
export class RestartBackoff {
  private crashesInARow = 0;

  constructor(private readonly policy: RestartPolicy = DEFAULT_RESTART_POLICY) {}

  /** The wait before restarting a service that ran for `upMs` before it crashed; counts the crash. */
  delayAfterCrash(upMs: number): number {
    if (upMs >= this.policy.stableAfterMs) this.crashesInARow = 0;
    const delay = Math.min(this.policy.maxDelayMs, this.policy.firstDelayMs * 2 ** this.crashesInARow);
    this.crashesInARow += 1;
    return delay;
  }

  /** How many restarts this run of crashes has needed so far. */
  get restarts(): number {
    return this.crashesInARow;
  }
}
