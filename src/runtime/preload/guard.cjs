'use strict';
// Vigil's in-process guard, loaded with --require by `vigil run` (a --require preload also runs
// in every worker thread; an --import one does not on Node 20). It enforces what the running
// Node cannot: the child-process allow-list, network destinations, DNS and listening, and
// workers/addons/WASI on binaries without those switches; and it keeps the policy's NODE_OPTIONS
// on every child process. It is a guard, not a boundary: native code can go around it, and
// `vigil run` says which outer boundary (namespaces) covers what.
const { syncBuiltinESMExports } = require('node:module');
const { guardChildren } = require('./guard-children.cjs');
const { guardNetwork } = require('./guard-net.cjs');

const config = JSON.parse(process.env.VIGIL_GUARD ?? 'null');

function denied(what, resource, why = '') {
  const error = new Error(`vigil: ${what} ${resource} is not allowed by ${config.policy ?? 'the launch'}${why ? ` ${why}` : ''}`);
  return Object.assign(error, { code: 'ERR_ACCESS_DENIED', permission: 'Vigil', resource });
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
  if (config.net) guardNetwork(config, denied);
  guardToggles();
  // Captured now: the application may change or delete them before it spawns.
  const forced = Object.fromEntries(config.childEnv.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]]));
  guardChildren(config, forced, denied);
  syncBuiltinESMExports();
}
