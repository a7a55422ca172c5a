// Issue #18 figure: what a dns.lookup costs inside vigil run's proxy sandbox, where the launcher
// answers it over the proxy's Unix socket, side by side with the same lookup in plain `node`
// (getaddrinfo on the host). The application times N sequential lookups of `localhost` (answered
// from /etc/hosts, so no DNS server's latency enters either figure) and prints the median of
// per-lookup times over its runs. Run after `npm run build`, on a machine with bubblewrap:
//   node --import tsx bench/runtime-resolve.ts [/path/to/node ...]
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from './measure.js';

const LOOKUPS = Number(process.env.VIGIL_BENCH_LOOKUPS ?? 300);
const RUNS = Number(process.env.VIGIL_BENCH_RUNS ?? 5);
const CLI = resolve('dist/cli/vigil.cjs');
if (!existsSync(CLI)) throw new Error(`${CLI} not found: run npm run build first`);

const APP = `
const dns = require('node:dns');
const n = Number(process.argv[2]);
const once = () => new Promise((resolve, reject) => dns.lookup('localhost', { family: 4 }, (error, address) => (error ? reject(error) : resolve(address))));
(async () => {
  await once();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await once();
  const wall = Number(process.hrtime.bigint() - start) / 1e6 / n;
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ wall, cpu: (used.user + used.system) / 1000 / n }));
})();
`;

function once(command: string[], cwd: string): { wall: number; cpu: number } {
  const result = spawnSync(command[0] as string, command.slice(1), { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.status !== 0 || !line.startsWith('{')) throw new Error(`${command.join(' ')} failed (${result.status}): ${result.stderr}`);
  return JSON.parse(line) as { wall: number; cpu: number };
}

const work = realpathSync(mkdtempSync(join(tmpdir(), 'vigil-bench-resolve-')));
// A listed destination, so the launch runs in the proxy sandbox (a server the lookups never use).
const server = createServer().listen(0, '127.0.0.1');
await new Promise((done) => server.once('listening', done));
try {
  writeFileSync(join(work, 'app.js'), APP);
  writeFileSync(join(work, 'vigil-permissions.json'), JSON.stringify({ version: 1, fs: { read: ['${project}'] }, net: [`localhost:${(server.address() as AddressInfo).port}`] }));
  for (const file of ['app.js', 'vigil-permissions.json']) chmodSync(join(work, file), 0o644);
  console.log(`machine: ${process.platform}-${process.arch}, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}, ${LOOKUPS} lookups x ${RUNS} alternating runs`);
  console.log('| node | plain node: ms per lookup (wall / app CPU) | vigil run sandbox: ms per lookup (wall / app CPU) | ratio (wall) |');
  console.log('|---|---|---|---|');
  for (const node of process.argv.length > 2 ? process.argv.slice(2) : [process.execPath]) {
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const plain: { wall: number; cpu: number }[] = [];
    const vigil: { wall: number; cpu: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      plain.push(once([node, 'app.js', String(LOOKUPS)], work));
      vigil.push(once([node, CLI, 'run', '-q', '--', node, 'app.js', String(LOOKUPS)], work));
    }
    const [pw, pc, vw, vc] = [plain.map((t) => t.wall), plain.map((t) => t.cpu), vigil.map((t) => t.wall), vigil.map((t) => t.cpu)].map(median) as [number, number, number, number];
    console.log(`| ${version} | ${pw.toFixed(3)} / ${pc.toFixed(3)} | ${vw.toFixed(3)} / ${vc.toFixed(3)} | ${(vw / pw).toFixed(1)}× |`);
  }
} finally {
  server.close();
  rmSync(work, { recursive: true, force: true });
}
