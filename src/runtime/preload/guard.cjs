'use strict';
// Vigil's in-process guard, loaded with --require by `vigil run` (a --require preload also runs
// in every worker thread; an --import one does not on Node 20). It enforces what the running
// Node cannot: network destinations, and workers/addons/WASI on binaries without those switches,
// and it keeps the policy's NODE_OPTIONS on every child process. It is a guard, not a boundary:
// native code can go around it, and `vigil run` says so.
const dgram = require('node:dgram');
const net = require('node:net');
const { syncBuiltinESMExports } = require('node:module');
const path = require('node:path');
const { forceChildEnv } = require('./child-env.cjs');
const { netAllowed } = require('./net-match.cjs');

const config = JSON.parse(process.env.VIGIL_GUARD ?? 'null');

function denied(what, resource) {
  const error = new Error(`vigil: ${what} ${resource} is not allowed by ${config.policy}`);
  return Object.assign(error, { code: 'ERR_ACCESS_DENIED', permission: 'Vigil', resource });
}

function insideAny(file, roots) {
  const absolute = path.resolve(file);
  return roots.some((root) => absolute === root || absolute.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
}

/** host/port (or a pipe path) from any of net.Socket#connect's call shapes. */
function socketDestination(args) {
  let first = args[0];
  if (Array.isArray(first)) first = first[0]; // net.connect passes normalised [options, callback]
  if (first && typeof first === 'object') {
    if (first.path) return { path: String(first.path) };
    return { host: first.host ?? 'localhost', port: Number(first.port) };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: Number(first) };
}

/** port/address of dgram's send(msg, [offset, length,] port, [address]) and connect(port, [address]). */
function datagramDestination(args, offsetOfPort) {
  const numbers = [];
  let index = offsetOfPort;
  while (index < args.length && typeof args[index] === 'number') numbers.push(args[index++]);
  const port = numbers.length >= 3 ? numbers[2] : numbers[0];
  const host = typeof args[index] === 'string' ? args[index] : 'localhost';
  return { host, port };
}

function guardNetwork() {
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function vigilConnect(...args) {
    const target = socketDestination(args);
    const allowed = target.path ? insideAny(target.path, config.fsWrite) : netAllowed(config.net, target.host, target.port);
    if (!allowed) {
      const error = denied('network access to', target.path ?? `${target.host}:${target.port}`);
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return connect.apply(this, args);
  };
  for (const [method, offset] of [['send', 1], ['connect', 0]]) {
    const original = dgram.Socket.prototype[method];
    dgram.Socket.prototype[method] = function vigilDatagram(...args) {
      const target = datagramDestination(args, offset);
      if (target.port !== undefined && !netAllowed(config.net, target.host, target.port)) throw denied('network access to', `${target.host}:${target.port}`);
      return original.apply(this, args);
    };
  }
}

function guardToggles() {
  if (config.deny.includes('addons')) {
    process.dlopen = () => {
      throw denied('loading the addon', 'native addon');
    };
  }
  if (config.deny.includes('worker')) {
    require('node:worker_threads').Worker = class DeniedWorker {
      constructor(file) {
        throw denied('starting the worker', String(file));
      }
    };
  }
  if (config.deny.includes('wasi')) {
    const emitWarning = process.emitWarning; // importing node:wasi warns; the application did not ask for it
    process.emitWarning = () => {};
    let wasi;
    try {
      wasi = require('node:wasi');
    } finally {
      process.emitWarning = emitWarning;
    }
    wasi.WASI = class DeniedWasi {
      constructor() {
        throw denied('creating a WASI instance', 'WASI');
      }
    };
  }
}

if (config) {
  if (config.net) guardNetwork();
  guardToggles();
  // Captured now: the application may change or delete them before it spawns.
  const forced = Object.fromEntries(config.childEnv.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]]));
  forceChildEnv(forced);
  syncBuiltinESMExports();
}
