// Harden's figure (issue #6): 100 workflows hardened with the offline pin file in under 1 s.
// The 100 are the real workflows of ../shared/fixtures/workflows, repeated under new names
// until there are 100, planned in one run (pin, docker, permissions, update-tool).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../test/fixtures.js';
import { loadKnowledge, memoryInput, parsePinLock, planHarden, ALL_FIXES } from '../src/harden/index.js';
import { printFigure, timeIt } from './measure.js';

const root = fixture('workflows');
const sources: string[] = [];
for (const repo of readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
  const dir = join(root, repo.name, '.github', 'workflows');
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name));
  } catch {
    continue;
  }
  for (const name of names) sources.push(readFileSync(join(dir, name), 'utf8'));
}
const files: Record<string, string> = {};
for (let index = 0; index < 100; index++) files[`.github/workflows/w${String(index).padStart(3, '0')}.yml`] = sources[index % sources.length] ?? '';
const lock = parsePinLock(readFileSync(join(import.meta.dirname, '..', 'src', 'harden', '__fixtures__', 'nodejs-workflows.lock'), 'utf8'));
const knowledge = loadKnowledge();

let changed = 0;
const ms = await timeIt(async () => {
  const plan = await planHarden(memoryInput(files), { fixes: ALL_FIXES, actions: lock, images: lock, knowledge });
  changed = plan.files.length;
}, 5, 1);
console.log(`workflows: 100 (from ${sources.length} real ones), files changed: ${changed}`);
printFigure('harden 100 workflows, offline pin file (median of 5)', ms, 'ms', 1000);
const cold = performance.now();
await planHarden(memoryInput(files), { fixes: ALL_FIXES, actions: lock, images: lock, knowledge: loadKnowledge() });
printFigure('same, knowledge base reloaded', performance.now() - cold, 'ms', 1000);
