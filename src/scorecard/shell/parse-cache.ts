/**
 * Recent parses by script text. The same text is often parsed more than once in a run: a file
 * present at two paths (Node's deps/cares/install-sh and config/install-sh), a `run:` step
 * repeated in several jobs (`go mod download` seven times in ossf/scorecard's workflows), and
 * harden reads the steps Pinned-Dependencies read. Parsing (mvdan-sh through GopherJS, ~5 µs
 * a byte) is now most of a scan, so a repeated text is parsed once. A parsed tree holds ~50
 * bytes of heap per byte of script, so the cache is bounded by script bytes, oldest out first.
 * The trees are never modified (the walk only reads them), so sharing one is safe.
 */
export class ParseCache<T> {
  private readonly entries = new Map<string, T>();
  private bytes = 0;

  constructor(private readonly budget: number) {}

  get(text: string): T | undefined {
    const value = this.entries.get(text);
    if (value !== undefined) {
      // Most recently used last, so eviction takes the oldest first.
      this.entries.delete(text);
      this.entries.set(text, value);
    }
    return value;
  }

  set(text: string, value: T): void {
    if (text.length > this.budget || this.entries.has(text)) return;
    this.entries.set(text, value);
    this.bytes += text.length;
    for (const key of this.entries.keys()) {
      if (this.bytes <= this.budget) break;
      this.entries.delete(key);
      this.bytes -= key.length;
    }
  }
}
