/**
 * A rolling-window limiter: at most `max` starts in any `windowMs`. NVD's documented limits are
 * 5 requests per rolling 30 seconds without an API key and 50 with one
 * (https://nvd.nist.gov/developers/start-here#divRateLimits).
 */
export class RateLimiter {
  private readonly starts: number[] = [];
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Wait until another request may start, then count it. */
  async take(): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.starts.length > 0 && now - (this.starts[0] as number) >= this.windowMs) this.starts.shift();
      if (this.starts.length < this.max) {
        this.starts.push(now);
        return;
      }
      await this.sleep((this.starts[0] as number) + this.windowMs - now);
    }
  }
}
