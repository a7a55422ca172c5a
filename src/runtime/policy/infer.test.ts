import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TraceRecord } from '../types.js';
import { describeAccess, inferPolicy, netRule, packageOf } from './infer.js';

const variables = { project: '/home/ana/app', home: '/home/ana', tmp: '/tmp' };
const app = '/home/ana/app/index.js';
const axios = '/home/ana/app/node_modules/axios/lib/http.js';
const scoped = '/home/ana/app/node_modules/@scope/tool/node_modules/@babel/core/x.js';

test('each access is attributed to the package whose code made it', () => {
  assert.equal(packageOf(axios, variables.project), 'axios');
  assert.equal(packageOf(scoped, variables.project), '@babel/core');
  assert.equal(packageOf(app, variables.project), '(app)');
  assert.equal(packageOf('', variables.project), '(node)');
  assert.equal(packageOf('[eval]', variables.project), '(eval)');
});

test('the smallest policy: temp whole, a dependency as its package, other files exactly, many siblings as their directory, commands exactly', () => {
  const records: TraceRecord[] = [
    { kind: 'module', target: app, by: '' },
    { kind: 'read', target: '/home/ana/app/config/a.json', by: app },
    { kind: 'read', target: '/home/ana/.npmrc', by: axios },
    { kind: 'read', target: '/tmp/x-123/file', by: app },
    ...[1, 2, 3, 4, 5].map((n): TraceRecord => ({ kind: 'read', target: `/etc/ssl/certs/${n}.pem`, by: axios })),
    { kind: 'write', target: '/home/ana/app/coverage/out/1.json', by: app },
    { kind: 'write', target: '/home/ana/app/.eslintcache', by: app },
    { kind: 'write', target: '/tmp/x-123/file', by: app },
    { kind: 'net', target: 'registry.npmjs.org:443', by: axios },
    { kind: 'net', target: '127.0.0.1:41234', by: app },
    { kind: 'net', target: '127.0.0.1:8080', by: app },
    { kind: 'spawn', target: 'git status', by: app },
    { kind: 'env', target: 'HTTPS_PROXY', by: axios },
    { kind: 'env', target: 'NODE_DEBUG', by: '' },
    { kind: 'env', target: 'NODE_OPTIONS', by: app },
    { kind: 'read', target: '/opt/vigil/preload/guard.mjs', by: '' },
    { kind: 'module', target: axios, by: '' },
    { kind: 'module', target: '/home/ana/app/node_modules/axios/index.js', by: '' },
  ];
  const { policy, packages, modules } = inferPolicy(records, { variables, ignore: ['/opt/vigil/preload'] });
  assert.deepEqual(policy.fs.read, ['${home}/.npmrc', '${project}/config/a.json', '${project}/index.js', '${project}/node_modules/axios', '${tmp}', '/etc/ssl/certs']);
  assert.deepEqual(policy.fs.write, ['${project}/.eslintcache', '${project}/coverage/out', '${tmp}']);
  assert.deepEqual(policy.net, ['127.0.0.1:41234', '127.0.0.1:8080', 'registry.npmjs.org:443']);
  assert.deepEqual(policy.childProcess, ['git status']);
  assert.equal(policy.worker, false);
  assert.deepEqual(policy.env, ['HTTPS_PROXY']);
  assert.deepEqual(modules, [app, '/home/ana/app/node_modules/axios/index.js', axios].sort());
  const axiosAccess = packages.find((entry) => entry.package === 'axios');
  assert.ok(axiosAccess);
  assert.ok(describeAccess(axiosAccess).includes('package axios contacted registry.npmjs.org:443'));
  assert.ok(describeAccess(axiosAccess).includes('package axios read the environment variables HTTPS_PROXY'));
});

test('network rules: a loopback port stays exact (#18), IPv6 gets brackets; a server becomes net.listen', () => {
  assert.equal(netRule('localhost:45000'), 'localhost:45000');
  assert.deepEqual(inferPolicy([{ kind: 'listen', target: '127.0.0.1:3000', by: app }], { variables, ignore: [] }).policy.net, { connect: [], listen: ['127.0.0.1:3000'] });
  assert.equal(netRule('::1:8080'), '[::1]:8080');
  assert.equal(netRule('example.com:45000'), 'example.com:45000');
});
