import type { LockGraph } from './graph.js';
import type { LockfileInput } from './input.js';
import { parseYarnLockText } from './parse-syml.js';
import { parseYarnBerry } from './yarn-berry.js';
import { parseYarnClassic } from './yarn-classic.js';

/** yarn.lock: Berry files carry `__metadata`, classic ones do not. */
export function parseYarnLock(input: LockfileInput): LockGraph {
  const entries = parseYarnLockText(input.text, input.path);
  return entries.__metadata === undefined ? parseYarnClassic(entries, input) : parseYarnBerry(entries, input);
}
