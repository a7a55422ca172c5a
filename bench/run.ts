// Runs every bench script in this folder, one process each, so their memory figures stay apart.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { projectRoot } from '../test/fixtures.js';

const only = process.argv.slice(2);
const scripts = readdirSync(join(projectRoot, 'bench'))
  .filter((file) => file.endsWith('.ts') && !['run.ts', 'measure.ts'].includes(file) && !file.endsWith('.test.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)));
let failed = 0;
for (const script of scripts) {
  console.log(`# ${script}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join('bench', script)], { cwd: projectRoot, stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
