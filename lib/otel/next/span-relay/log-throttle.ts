/**
 * At most one log line per key per interval. What happens in between is not lost: it is added up and
 * reported with the next line, so a flood of hostile batches costs one line per reason per interval.
 * Keys are the relay's own reasons, a short fixed list, so the map stays small.
 */
export class LogThrottle {
  private readonly lastLines = new Map<string, { atMs: number; heldBack: number }>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records `amount` for `key`. Returns the total to write when a line is due (this amount plus all
   * held back since the last line), or undefined when the line must wait.
   */
  admit(key: string, amount = 1): number | undefined {
    const now = this.now();
    const last = this.lastLines.get(key);
    if (last !== undefined && now - last.atMs < this.intervalMs) {
      last.heldBack += amount;
      return undefined;
    }
    this.lastLines.set(key, { atMs: now, heldBack: 0 });
    return amount + (last?.heldBack ?? 0);
  }
}
