// Issue #18 figure: what the inbound path (net-inbound.ts) costs a server. The same HTTP server
// as plain `node server.js` and as `vigil run -- node server.js` under a listen-only policy (the
// loopback-only bubblewrap sandbox, entered through vigil's listener and the forwarder inside),
// side by side, rounds alternating. Per round, once the server listens: REQUESTS sequential GETs,
// each on a new connection (the forwarder's worst case: two extra connections per client), then
// one download of DOWNLOAD_MB. CPU is user+system of the whole process tree (launcher, bwrap,
// forwarder, application; read from /proc, clock ticks) spent while serving, startup excluded.
// Linux with bwrap; run after `npm run build`: node --import tsx bench/runtime-inbound.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../test/runtime-apps.js';
import { median } from './measure.js';

const ROUNDS = Number(process.env.VIGIL_BENCH_RUNS ?? 5);
const REQUESTS = Number(process.env.VIGIL_BENCH_REQUESTS ?? 300);
const DOWNLOAD_MB = Number(process.env.VIGIL_BENCH_MB ?? 64);
const CLI = resolve('dist/cli/vigil.cjs');
if (!existsSync(CLI)) throw new Error(`${CLI} not found: run npm run build first`);
const TICK_MS = 10; // USER_HZ 100

const SERVER = `
const http = require('node:http');
const chunk = Buffer.alloc(1 << 20, 120);
const server = http.createServer((req, res) => {
  if (req.url === '/big') {
    let left = ${DOWNLOAD_MB};
    const more = () => { while (left > 0) { left--; if (!res.write(chunk)) return res.once('drain', more); } res.end(); };
    more();
  } else res.end('ok');
});
server.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('listening'));
`;

/** user+system CPU (ms) of a process and every descendant alive now. */
function treeCpu(pid: number): number {
  let total = 0;
  const walk = (one: number) => {
    try {
      const stat = readFileSync(`/proc/${one}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
      for (const task of readdirSync(`/proc/${one}/task`)) {
        for (const child of readFileSync(`/proc/${one}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) walk(Number(child));
      }
    } catch {
      // gone meanwhile
    }
  };
  walk(pid);
  return total;
}

/** One GET on a new connection; resolves with the number of body bytes. */
function get(port: number, path: string): Promise<number> {
  return new Promise((done, fail) => {
    request({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => done(bytes));
    })
      .on('error', fail)
      .end();
  });
}

function started(child: ChildProcess): Promise<void> {
  return new Promise((done, fail) => {
    let output = '';
    const take = (chunk: Buffer) => {
      output += String(chunk);
      if (/(^|\n)listening\n/.test(output)) done();
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', (chunk: Buffer) => (output += String(chunk)));
    child.on('exit', (code) => fail(new Error(`ended (${code}) before listening: ${output}`)));
  });
}

interface Round {
  perRequest: number;
  cpuPerRequest: number;
  mbPerSecond: number;
  cpuPerMb: number;
}

async function round(mode: 'plain' | 'vigil', dir: string): Promise<Round> {
  const port = await freePort();
  writeFileSync(join(dir, 'vigil-permissions.json'), JSON.stringify({ version: 1, fs: { read: ['${project}'] }, net: { connect: [], listen: [`127.0.0.1:${port}`] } }));
  const command = mode === 'plain' ? [process.execPath, 'server.js', String(port)] : [process.execPath, CLI, 'run', '-q', '--', process.execPath, 'server.js', String(port)];
  const child = spawn(command[0] as string, command.slice(1), { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  await started(child);
  const pid = child.pid as number;
  const cpu0 = treeCpu(pid);
  const t0 = performance.now();
  for (let index = 0; index < REQUESTS; index++) if ((await get(port, '/')) !== 2) throw new Error('bad answer');
  const t1 = performance.now();
  const cpu1 = treeCpu(pid);
  const bytes = await get(port, '/big');
  const t2 = performance.now();
  const cpu2 = treeCpu(pid);
  if (bytes !== DOWNLOAD_MB << 20) throw new Error(`downloaded ${bytes} bytes`);
  const ended = new Promise((done) => child.on('close', done));
  child.kill('SIGTERM');
  await ended;
  return { perRequest: (t1 - t0) / REQUESTS, cpuPerRequest: (cpu1 - cpu0) / REQUESTS, mbPerSecond: DOWNLOAD_MB / ((t2 - t1) / 1000), cpuPerMb: (cpu2 - cpu1) / DOWNLOAD_MB };
}

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'vigil-inbound-bench-')));
try {
  writeFileSync(join(dir, 'server.js'), SERVER);
  const results: Record<'plain' | 'vigil', Round[]> = { plain: [], vigil: [] };
  const load = [loadavg()[0]];
  for (let index = 0; index < ROUNDS; index++) for (const mode of ['plain', 'vigil'] as const) results[mode].push(await round(mode, dir));
  load.push(loadavg()[0]);
  const summary = (mode: 'plain' | 'vigil') => {
    const pick = (key: keyof Round) => median(results[mode].map((one) => one[key]));
    return { perRequest: pick('perRequest'), cpuPerRequest: pick('cpuPerRequest'), mbPerSecond: pick('mbPerSecond'), cpuPerMb: pick('cpuPerMb') };
  };
  const plain = summary('plain');
  const vigil = summary('vigil');
  console.log(`node ${process.version}, ${ROUNDS} rounds alternating, ${REQUESTS} requests on new connections + ${DOWNLOAD_MB} MB per round, load ${load.map((one) => one?.toFixed(1)).join(' -> ')}`);
  console.log('| | plain node | vigil run (inbound sandbox) | ratio |');
  console.log('|---|---|---|---|');
  console.log(`| wall per request (new connection) | ${plain.perRequest.toFixed(2)} ms | ${vigil.perRequest.toFixed(2)} ms | ${(vigil.perRequest / plain.perRequest).toFixed(2)}x |`);
  console.log(`| CPU per request, whole process tree | ${plain.cpuPerRequest.toFixed(2)} ms | ${vigil.cpuPerRequest.toFixed(2)} ms | ${(vigil.cpuPerRequest / plain.cpuPerRequest).toFixed(2)}x |`);
  console.log(`| download throughput | ${plain.mbPerSecond.toFixed(0)} MB/s | ${vigil.mbPerSecond.toFixed(0)} MB/s | ${(vigil.mbPerSecond / plain.mbPerSecond).toFixed(2)}x |`);
  console.log(`| CPU per MB downloaded | ${plain.cpuPerMb.toFixed(2)} ms | ${vigil.cpuPerMb.toFixed(2)} ms | ${(vigil.cpuPerMb / plain.cpuPerMb).toFixed(2)}x |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
