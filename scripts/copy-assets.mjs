// Copies files tsc does not emit (plain-JS preloads, their .d.mts, harden's knowledge base of actions, reachability's
// knowledge/*.json read at run time, the dashboard's static files)
// from src/ to dist/, keeping their paths, so the built CLI finds them beside its compiled code.
import { chmodSync, cpSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';

const ASSET = /\.(mjs|cjs|d\.mts|d\.cts)$|knowledge\/actions\/.*\.ya?ml$|reachability\/knowledge\/[^/]+\.json$|serve\/static\//;
for (const file of readdirSync('src', { recursive: true })) {
  const path = String(file);
  if (!ASSET.test(path) || path.includes('__fixtures__') || path.endsWith('.test.mjs')) continue;
  const target = join('dist', path);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join('src', path), target);
}

// The executable is dist/cli/vigil.cjs; main.js stays executable too, because npx keeps a link to
// the bin an earlier build named (dist/cli/main.js) in its cache and runs it until the cache is cleared.
if (existsSync(join('dist', 'cli', 'main.js'))) chmodSync(join('dist', 'cli', 'main.js'), 0o755);
