// #15: the `vigil` executable runs the CLI from a bundle (scripts/bundle-cli.mjs) instead of the
// ~130 modules tsc writes. The bundle is built here from the current sources, its
// `import.meta.url`s pointing at src/ (where the assets it reads are), in a folder under the
// checkout so that the packages it leaves external resolve from node_modules as in a package;
// then it is run as the executable runs it and compared with the CLI run from the sources.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundleCli, COMMAND_BUNDLES, COMMONJS_HEADER, EXTERNAL, VENDORED } from '../../scripts/bundle-cli.mjs';
import { fixture, projectRoot } from '../../test/fixtures.js';
import { commands } from './commands/registry.js';

const src = join(projectRoot, 'src');

/** The bundle, built now into a fresh folder under dist/; removed after the test. */
async function buildBundle(t: { after(fn: () => void): void }): Promise<{ outdir: string; inputs: string[] }> {
  mkdirSync(join(projectRoot, 'dist'), { recursive: true });
  const outdir = mkdtempSync(join(projectRoot, 'dist', 'bundle-test-'));
  t.after(() => rmSync(outdir, { recursive: true, force: true }));
  return { outdir, inputs: await bundleCli(outdir, src) };
}

const env = { PATH: process.env.PATH ?? '', HOME: tmpdir(), NO_COLOR: '1' };
const sourceCli = (args: string[], cwd: string) => spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(src, 'cli', 'main.ts'), ...args], { cwd, encoding: 'utf8', env, maxBuffer: 1 << 28 });

test('the CLI bundle holds every command, node-semver and commander, and none of the native or run-time-resolved packages', async (t) => {
  const { outdir, inputs } = await buildBundle(t);
  for (const command of commands) assert.ok(inputs.some((file) => file.endsWith(`src/cli/commands/${command.name}.ts`)), command.name);
  const packages = new Set(inputs.filter((file) => file.includes('node_modules/')).map((file) => /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1]));
  for (const name of EXTERNAL) assert.ok(!packages.has(name), `${name} must stay external`);
  for (const name of ['semver', 'commander', 'jsonc-parser', 'better-sqlite3']) assert.ok(packages.has(name), `${name} is bundled`);
  // Every rewritten import.meta.url names the twin of a source file that exists.
  const chunks = readdirSync(outdir).filter((file) => file.endsWith('.mjs'));
  let urls = 0;
  for (const chunk of chunks) {
    for (const match of readFileSync(join(outdir, chunk), 'utf8').matchAll(/new URL\("([^"]+)", import\.meta\.url\)/g)) {
      urls++;
      const twin = fileURLToPath(new URL(match[1]!, `file://${join(outdir, chunk)}`)).replace(/\.js$/, '.ts');
      assert.ok(existsSync(twin), `${chunk}: ${match[1]} -> ${twin}`);
      assert.ok(resolve(twin).startsWith(src), twin);
    }
  }
  assert.ok(urls >= 10, `${urls} rewritten import.meta.url`);
  // The CommonJS files: the same rewriting from their own URL, all ASCII, their hash in their first line.
  const mainSize = readFileSync(join(outdir, 'main.cjs')).length;
  for (const name of ['main', ...COMMAND_BUNDLES]) {
    const file = join(outdir, `${name}.cjs`);
    const text = readFileSync(file, 'latin1');
    const twins = [...text.matchAll(/new URL\("([^"]+)", ?__vigilBundleUrl\)/g)].map((match) => fileURLToPath(new URL(match[1]!, `file://${file}`)).replace(/\.js$/, '.ts'));
    assert.ok(twins.length >= 5, `${twins.length} rewritten import.meta.url in ${name}.cjs`);
    for (const twin of twins) assert.ok(existsSync(twin) && resolve(twin).startsWith(src), twin);
    assert.ok(!/[\u0080-\uffff]/.test(readFileSync(file, 'utf8')), `${name}.cjs is ASCII`);
    const [header, ...rest] = text.split('\n');
    assert.equal(header, `${COMMONJS_HEADER}${createHash('sha256').update(rest.join('\n')).digest('hex')}`);
    assert.doesNotMatch(text, /[^\w$.]import\(["']/, `no import() left for vm to resolve in ${name}.cjs`);
    // A command's own file holds its definition and no other command's, nor `vigil run`'s lean path.
    for (const command of commands) {
      const held = text.includes(`"src/cli/commands/${command.name}.ts"`);
      assert.equal(held, name === 'main' || name === command.name, `${name}.cjs ${held ? 'holds' : 'lacks'} ${command.name}`);
    }
    assert.equal(text.includes('"src/cli/run-lean.ts"'), name === 'main', `${name}.cjs and run-lean.ts`);
    if (name !== 'main') assert.ok(text.length < mainSize * 0.8, `${name}.cjs: ${text.length} bytes against main.cjs's ${mainSize}`);
    // The vendored packages are in files of their own, loaded when first required.
    for (const vendored of VENDORED) assert.ok(!text.includes(`node_modules/${vendored}/`), `${name}.cjs holds ${vendored}`);
  }
  const vendorFiles = readdirSync(join(outdir, 'vendor'));
  assert.equal(vendorFiles.length, VENDORED.length, vendorFiles.join(' '));
  for (const file of vendorFiles) {
    const text = readFileSync(join(outdir, 'vendor', file), 'utf8');
    assert.ok(!/[\u0080-\uffff]/.test(text), `${file} is ASCII`);
    assert.ok(text.startsWith(COMMONJS_HEADER), file);
  }
});

test('the bundled CLI prints what the source CLI prints: every command\'s help, inventory and review of a real tree', async (t) => {
  const { outdir } = await buildBundle(t);
  const work = mkdtempSync(join(tmpdir(), 'vigil-bundle-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const cache = join(work, 'cache');
  // The ES bundle, and the CommonJS ones as vigil.cjs runs them (through the code cache, made by the
  // first run and used by the next): main.cjs, and the command's own file where there is one.
  const commonJs = (file: (args: string[]) => string) => (args: string[]) => ['-e', `require(${JSON.stringify(join(src, 'cli', 'code-cache.cjs'))}).loadBundle(${JSON.stringify(file(args))}).start()`, 'vigil', ...args];
  const ownFile = (args: string[]) => join(outdir, `${COMMAND_BUNDLES.includes(args[0]!) ? args[0]! : 'main'}.cjs`);
  const runners = [(args: string[]) => [join(outdir, 'main.mjs'), ...args], commonJs(() => join(outdir, 'main.cjs')), commonJs(ownFile)];
  for (const runner of runners) {
    const bundled = (args: string[]) => spawnSync(process.execPath, runner(args), { cwd: work, encoding: 'utf8', env: { ...env, XDG_CACHE_HOME: cache }, maxBuffer: 1 << 28 });
    for (const command of commands) {
      const help = bundled([command.name, '--help']);
      assert.equal(help.status, 0, `${command.name}: ${help.stderr}`);
      assert.match(help.stdout, new RegExp(`^Usage: vigil ${command.name} `), command.name);
    }
    const tree = fixture('node-tree');
    const db = join(work, 'wg.db');
    const imported = bundled(['db', 'import', fixture('security-wg', 'vuln'), '--db', db]);
    assert.equal(imported.status, 0, imported.stderr);
    // A yarn.lock (@yarnpkg/parsers) and a config file (yaml, zod), read and refused, through the vendor files.
    const yarnProject = join(src, 'inventory', 'javascript', '__fixtures__', 'yarn-berry-workspaces');
    const config = join(work, 'vigil.yaml');
    const typo = join(work, 'typo.yaml');
    writeFileSync(config, 'review:\n  failOn: none\n');
    writeFileSync(typo, 'reviw:\n  failOn: none\n');
    const runs = [
      ['review', '--help'],
      ['inventory', tree, '--format', 'json'],
      ['inventory', yarnProject, '--format', 'json'],
      ['review', tree, '--json', '--fail-on', 'none', '--db', db],
      ['review', tree, '--format', 'sarif', '--fail-on', 'none', '--db', db],
      ['review', tree, '--json', '--db', db, '--config', config],
      ['review', tree, '--json', '--db', db, '--config', typo],
    ];
    for (const args of runs) {
      const [fromBundle, fromSource] = [bundled(args), sourceCli(args, work)];
      assert.equal(fromBundle.status, fromSource.status, `${args.join(' ')}: ${fromBundle.stderr}`);
      const stable = (text: string) => text.replace(/"generatedAt": "[^"]+"/g, '');
      assert.equal(stable(fromBundle.stdout), stable(fromSource.stdout), args.join(' '));
      assert.equal(fromBundle.stderr, fromSource.stderr, args.join(' '));
      assert.ok(fromBundle.stdout.length > 100 || /unknown key reviw/.test(fromBundle.stderr), args.join(' '));
    }
    // A failure inside the bundle still names Vigil's version (package.json found through import.meta.url).
    const version = bundled(['--version']);
    assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version);
  }
  const cached = readdirSync(join(cache, 'vigil', 'compile-cache'));
  assert.ok(cached.some((name) => name.endsWith('-review.cache')), 'the CommonJS runs kept their compiled code');
  // ... and that of the vendor files they loaded (keyed by each file's own hash).
  const zodHash = readFileSync(join(outdir, 'vendor', 'zod.cjs'), 'latin1').slice(COMMONJS_HEADER.length, COMMONJS_HEADER.length + 32);
  assert.ok(cached.some((name) => name.startsWith(`${zodHash}-`) && name.endsWith('-review.cache')), `zod's compiled code in ${cached.join(' ')}`);
  assert.equal(dirname(outdir), join(projectRoot, 'dist'));
});
