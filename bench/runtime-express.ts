// #18 on a real application: `npm install express` into a temporary directory, a small Express
// server, then `vigil permissions infer` while a client uses it, then `vigil run` under the
// inferred policy (pinned): the same requests must work, a hostile route must be refused every
// access it tries, and a policy changed after the pin must be refused. Downloads express from the
// npm registry (so it is a script, not a unit test): `node --import tsx bench/runtime-express.ts`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../test/fixtures.js';

const work = realpathSync(mkdtempSync(join(tmpdir(), 'vigil-express-')));
const PORT = String(20_000 + (process.pid % 20_000));
const CLI = [process.execPath, '--import', import.meta.resolve('tsx'), join(projectRoot, 'src', 'cli', 'main.ts')];
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT, NODE_ENV: 'production', UNRELATED_TOKEN: 'ghp_notForTheApp' };

const SERVER = `
const express = require('express');
const app = express();
app.use(express.json());
app.get('/', (req, res) => res.send('hello ' + (req.query.name ?? 'nobody')));
app.post('/echo', (req, res) => res.json({ got: req.body }));
app.get('/evil', async (req, res) => {
  const tried = {};
  const attempt = async (name, run) => { try { await run(); tried[name] = 'ESCAPED'; } catch (error) { tried[name] = error.code ?? error.cause?.code ?? String(error); } };
  await attempt('read /etc/passwd', () => require('fs').readFileSync('/etc/passwd'));
  await attempt('write into the project', () => require('fs').writeFileSync(__dirname + '/planted.js', '1'));
  await attempt('spawn sh', () => require('child_process').execSync('id'));
  await attempt('fetch out', () => fetch('http://127.0.0.1:9/'));
  await attempt('listen elsewhere', () => new Promise((resolve, reject) => require('net').createServer().listen(0, '0.0.0.0', resolve).on('error', reject)));
  await attempt('secret from env', () => { if (process.env.UNRELATED_TOKEN) return; throw Object.assign(new Error('absent'), { code: 'not passed' }); });
  res.json(tried);
});
app.get('/exit', (req, res) => {
  res.on('finish', () => (server.close(), server.closeAllConnections()));
  res.send('bye');
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
`;

/** Start a vigil command that runs the server; drive it with `client` once it listens; resolve with its exit code and output. */
function driven(args: string[], client: () => Promise<void>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(CLI[0] as string, [...CLI.slice(1), ...args], { cwd: work, env: { ...env, NODE_OPTIONS: '' } });
    let output = '';
    let started = false;
    const take = (chunk: Buffer) => {
      output += String(chunk);
      if (!started && /(^|\n)listening\n/.test(output)) {
        started = true;
        client().catch((error: Error) => {
          output += `\nclient: ${error.message} ${String((error.cause as Error | undefined)?.message ?? '')}`;
          child.kill();
        });
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const base = `http://127.0.0.1:${PORT}`;
async function normalUse(): Promise<string[]> {
  const seen = [await (await fetch(`${base}/?name=ana`)).text(), JSON.stringify(await (await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })).json())];
  return seen;
}

try {
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'shop', version: '1.0.0', private: true }));
  writeFileSync(join(work, 'server.js'), SERVER);
  const install = spawnSync('npm', ['install', 'express', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: work, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`npm install express failed: ${install.stderr}`);
  const version = (JSON.parse(readFileSync(join(work, 'node_modules', 'express', 'package.json'), 'utf8')) as { version: string }).version;
  console.log(`express ${version} installed in ${work}`);

  let recorded: string[] = [];
  const infer = await driven(['permissions', 'infer', '--', 'node', 'server.js'], async () => {
    recorded = await normalUse();
    await fetch(`${base}/exit`);
  });
  if (infer.code !== 0) throw new Error(`infer failed (${infer.code}): ${infer.output}`);
  const policyText = readFileSync(join(work, 'vigil-permissions.json'), 'utf8');
  const pin = /pin: (sha256-[A-Za-z0-9+/=]+)/.exec(infer.output)?.[1];
  console.log(`inferred policy (pin ${pin}):\n${policyText}`);

  let replayed: string[] = [];
  let evil: Record<string, string> = {};
  const run = await driven(['run', '--pin', String(pin), '--', 'node', 'server.js'], async () => {
    replayed = await normalUse();
    evil = (await (await fetch(`${base}/evil`)).json()) as Record<string, string>;
    await fetch(`${base}/exit`);
  });
  console.log(`vigil run: exit ${run.code}; same answers as the traced run: ${JSON.stringify(replayed) === JSON.stringify(recorded)} (${replayed.join(' | ')})`);
  console.log(`hostile route: ${JSON.stringify(evil)}`);
  // Which network boundary held the server (a listening policy: the loopback-only sandbox entered through vigil's listener, #18).
  console.log(run.output.split('\n').find((line) => line.startsWith('vigil: network:')) ?? 'no network boundary line');

  writeFileSync(join(work, 'vigil-permissions.json'), policyText.replace('"version": 1,', '"version": 1,\n  "childProcess": true,'));
  const tampered = spawnSync(CLI[0] as string, [...CLI.slice(1), 'run', '--pin', String(pin), '--', 'node', 'server.js'], { cwd: work, env: { ...env, NODE_OPTIONS: '' }, encoding: 'utf8' });
  console.log(`policy changed after the pin: exit ${tampered.status}: ${tampered.stderr.trim().split('\n').pop()}`);

  const ok =
    run.code === 0 &&
    JSON.stringify(replayed) === JSON.stringify(recorded) &&
    Object.keys(evil).length === 6 &&
    Object.values(evil).every((code) => code !== 'ESCAPED') &&
    tampered.status === 2;
  console.log(ok ? 'PASS: the inferred policy lets the app run and nothing more' : `FAIL\n${run.output}`);
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
