// Small helpers shared by the bench scripts: timing, memory and one printed line per figure.

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Run `work` `runs` times after `warmup` runs and return the median milliseconds. */
export async function timeIt(work: () => unknown, runs = 5, warmup = 1): Promise<number> {
  for (let index = 0; index < warmup; index++) await work();
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Resident set size now, in MB. */
export function residentMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

/** Print one figure with its target: `name: 42.1 ms (target < 150 ms) ok`. */
export function printFigure(name: string, value: number, unit: string, target?: number): void {
  const verdict = target === undefined ? '' : value < target ? ` (target < ${target} ${unit}) ok` : ` (target < ${target} ${unit}) OVER`;
  console.log(`${name}: ${value.toFixed(1)} ${unit}${verdict}`);
}
