// #18: `vigil run` loads one bundled CommonJS file (dist/runtime/launcher.cjs) instead of the
// CLI's ES modules. The bundle is built here from the current sources into a dist-like layout,
// then run as the `vigil` executable runs it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { bundleLauncher } from '../../scripts/bundle-launcher.mjs';
import { projectRoot } from '../../test/fixtures.js';
import { createTestApp } from '../../test/runtime-apps.js';

/** dist/cli/vigil.cjs, dist/runtime/launcher.cjs (built now), the preloads and package.json, in a temporary directory. */
async function buildLayout(t: { after(fn: () => void): void }): Promise<{ root: string; inputs: string[] }> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'vigil-launcher-')));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
  mkdirSync(join(root, 'dist', 'runtime'), { recursive: true });
  const inputs = await bundleLauncher(join(root, 'dist', 'runtime', 'launcher.cjs'));
  for (const file of ['vigil.cjs', 'code-cache.cjs']) copyFileSync(join(projectRoot, 'src', 'cli', file), join(root, 'dist', 'cli', file));
  // Copied, not linked: Node's permission model checks the real path the preloads are read from.
  cpSync(join(projectRoot, 'src', 'runtime', 'preload'), join(root, 'dist', 'runtime', 'preload'), { recursive: true });
  copyFileSync(join(projectRoot, 'package.json'), join(root, 'package.json'));
  // What `vigil` runs for everything the launcher does not take: here a marker, to see the hand-over.
  mkdirSync(join(root, 'dist', 'cli', 'bundle'));
  // (main.cjs where Node can require() ES modules, main.mjs elsewhere: vigil.cjs picks one, as built.)
  const marker = "process.stdout.write('full CLI ' + process.argv.slice(2).join(' ') + '\\n')";
  writeFileSync(join(root, 'dist', 'cli', 'bundle', 'main.mjs'), `${marker};\n`);
  writeFileSync(join(root, 'dist', 'cli', 'bundle', 'main.cjs'), `exports.start = async () => { ${marker}; };\n`);
  writeFileSync(join(root, 'dist', 'package.json'), '{"type":"module"}\n');
  return { root, inputs };
}

test('the launcher bundle holds Vigil code and jsonc-parser only: no yaml, zod, commander or other package', async (t) => {
  const { inputs } = await buildLayout(t);
  const packages = new Set(inputs.filter((file) => file.includes('node_modules/')).map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1]));
  assert.deepEqual([...packages], ['jsonc-parser']);
  assert.ok(inputs.some((file) => file.endsWith('src/runtime/launch.ts')));
  assert.ok(!inputs.some((file) => file.endsWith('src/config/read-file.ts')), 'the config file reader (yaml, zod) must stay out of the bundle');
});

test('vigil.cjs runs a command from its own CommonJS file when the command is the first word, and from main.cjs otherwise', async (t) => {
  const { root } = await buildLayout(t);
  if (!process.features.require_module) return t.skip('this Node runs the ES bundle');
  writeFileSync(join(root, 'dist', 'cli', 'bundle', 'review.cjs'), "exports.start = async () => { process.stdout.write('review file ' + process.argv.slice(2).join(' ') + '\\n'); };\n");
  const vigil = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist', 'cli', 'vigil.cjs'), ...args], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NODE_DISABLE_COMPILE_CACHE: '1' } });
  assert.equal(vigil('review', '.', '--json').stdout, 'review file review . --json\n');
  // No file of its own, an option first, a name that is no file's: the whole CLI.
  assert.equal(vigil('inventory', '.').stdout, 'full CLI inventory .\n');
  assert.equal(vigil('--db', 'x.db', 'review', '.').stdout, 'full CLI --db x.db review .\n');
  assert.equal(vigil('../review', '.').stdout, 'full CLI ../review .\n');
});

test('vigil.cjs runs `vigil run` from the bundle (same plan as the full CLI, no crypto or fs/promises loaded) and hands help and config-file runs to the CLI bundle', async (t) => {
  const { root } = await buildLayout(t);
  const app = createTestApp({ 'app.js': 'console.log("ran")', 'vigil-permissions.json': '{"version":1,"fs":{"read":["${project}"]}}' });
  t.after(() => app.remove());
  const home = mkdtempSync(join(tmpdir(), 'vigil-launcher-home-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const env = { PATH: process.env.PATH ?? '', HOME: home };
  const vigil = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist', 'cli', 'vigil.cjs'), ...args], { cwd: app.dir, encoding: 'utf8', env });
  const planned = vigil('run', '--dry-run', '--json', '--', 'node', 'app.js');
  assert.equal(planned.status, 0, planned.stderr);
  const plan = JSON.parse(planned.stdout) as { args: string[]; nodeOptions: string[]; env: string[] };
  // The same launch as the ES-module CLI decides, but for where the preloads are.
  const full = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src', 'cli', 'main.ts'), 'run', '--dry-run', '--json', '--', 'node', 'app.js'], { cwd: app.dir, encoding: 'utf8', env });
  assert.equal(full.status, 0, full.stderr);
  // Read grants are sorted by path, and the preload folder's path differs between the two runs (the
  // checkout vs the temporary layout), so the order of the grants is compared as a set.
  const fullPlan = JSON.parse(full.stdout.replaceAll(join(projectRoot, 'src', 'runtime', 'preload'), join(root, 'dist', 'runtime', 'preload'))) as typeof plan;
  const grantsAsSet = (launch: typeof plan) => ({ ...launch, nodeOptions: [...launch.nodeOptions].sort() });
  assert.deepEqual(grantsAsSet(fullPlan), grantsAsSet(plan));
  assert.deepEqual(plan.env, ['NODE_OPTIONS', 'VIGIL_GUARD']);
  assert.ok(plan.nodeOptions.includes(`--require=${join(root, 'dist', 'runtime', 'preload', 'guard.cjs')}`), plan.nodeOptions.join(' '));
  assert.ok(plan.nodeOptions.includes(`--allow-fs-read=${app.dir}`), plan.nodeOptions.join(' '));
  // What the launcher loads beyond a bare Node start: no node:crypto, no fs/promises (they cost every start, and are only needed for --pin and integrity).
  const probe = `const before = new Set(process.moduleLoadList); require(${JSON.stringify(join(root, 'dist', 'runtime', 'launcher.cjs'))}).launch(['-q', '--dry-run', '--', 'node', 'app.js']).then(() => require('node:fs').writeSync(2, JSON.stringify(process.moduleLoadList.filter((name) => !before.has(name)))))`;
  const loaded = spawnSync(process.execPath, ['-e', probe], { cwd: app.dir, encoding: 'utf8', env });
  assert.equal(loaded.status, 0, loaded.stderr);
  const modules = JSON.parse(loaded.stderr) as string[];
  assert.ok(modules.includes('NativeModule child_process'), 'the probe must see what the launcher loads');
  for (const name of ['NativeModule crypto', 'NativeModule internal/fs/promises']) assert.ok(!modules.includes(name), `${name} loaded by the launcher`);
  // The application runs under the policy.
  const ran = vigil('run', '-q', '--', 'node', 'app.js');
  assert.equal(ran.status, 0, ran.stderr);
  assert.equal(ran.stdout, 'ran\n');
  // Help, a misspelt option and a run with a config file (yaml, zod) are the full CLI's.
  assert.equal(vigil('run', '--help').stdout, 'full CLI run --help\n');
  assert.equal(vigil('run', '--permisions', 'x', '--', 'node', 'app.js').stdout, 'full CLI run --permisions x -- node app.js\n');
  assert.equal(vigil('inventory').stdout, 'full CLI inventory\n');
  app.write('.vigil.yaml', 'db: x.db\n');
  assert.equal(vigil('run', '-q', '--', 'node', 'app.js').stdout, 'full CLI run -q -- node app.js\n');
});
