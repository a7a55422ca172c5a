// `vigil --version` must start in under 150 ms (issue #2). Measures the built CLI, as users run it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../test/fixtures.js';
import { median, printFigure } from './measure.js';

// The executable, as package.json's bin names it: it runs the CLI bundle (dist/cli/bundle/).
const cli = join(projectRoot, 'dist', 'cli', 'vigil.cjs');
if (!existsSync(join(projectRoot, 'dist', 'cli', 'bundle', 'main.mjs'))) throw new Error('build first: npm run build');
const times: number[] = [];
for (let run = 0; run < 15; run++) {
  const start = performance.now();
  const result = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
  times.push(performance.now() - start);
  if (result.status !== 0) throw new Error(result.stderr);
}
printFigure('vigil --version (built CLI, median of 15)', median(times), 'ms', 150);
