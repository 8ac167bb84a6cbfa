/**
 * A token bucket per client: `ratePerSecond` sustained, `burst` at once. Buckets of clients not seen
 * for a minute are forgotten, so memory stays bounded whatever the number of clients.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `client`; false when the client has none left. */
  tryTake(client: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(client) ?? { tokens: this.burst, updatedMs: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedMs) / 1000) * this.ratePerSecond);
    bucket.updatedMs = now;
    this.buckets.delete(client);
    this.buckets.set(client, bucket);
    this.forgetIdle(now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private forgetIdle(now: number): void {
    // Map order is least recently used first: stop at the first client seen within the minute.
    for (const [client, bucket] of this.buckets) {
      if (now - bucket.updatedMs < 60_000 && this.buckets.size <= 10_000) break;
      this.buckets.delete(client);
    }
  }
}
