// Did-you-mean for every name a user types: commands (cli/program.ts) and config keys (config/read-file.ts).

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), case ignored. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[x.length]![y.length]!;
}

/** The nearest name to a mistyped one (`revew`, `REVIEW`, `rev` → review), or undefined: commands, config keys. */
export function nearestCommand(word: string, names: string[]): string | undefined {
  const prefixed = names.filter((name) => word.length >= 2 && name.startsWith(word.toLowerCase()));
  if (prefixed.length === 1) return prefixed[0];
  const scored = names.map((name) => ({ name, score: distance(word, name) })).sort((a, b) => a.score - b.score);
  const best = scored[0];
  return best && best.score <= Math.max(1, Math.floor(word.length / 3)) ? best.name : undefined;
}
