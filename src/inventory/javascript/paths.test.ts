import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNode, type LockGraph, type LockNode } from './graph.js';
import { computePaths } from './paths.js';
import { graphToPackages } from './to-packages.js';

const link = (from: LockNode, to: LockNode): void => {
  from.edges.push({ kind: 'prod', to });
};

test('a dependency loop is cut: every chain is finite and none visits a package twice', () => {
  const a = makeNode('a', '1.0.0', 'registry');
  const b = makeNode('b', '1.0.0', 'registry');
  link(a, b);
  link(b, a);
  const graph: LockGraph = { format: 'test', roots: [{ label: '.', edges: [{ kind: 'prod', to: a }] }], nodes: [a, b], problems: [] };
  const { paths, capped } = computePaths(graph, 10);
  assert.deepEqual(paths.get(a), [['.', 'a@1.0.0']]);
  assert.deepEqual(paths.get(b), [['.', 'a@1.0.0', 'b@1.0.0']]);
  assert.equal(capped.size, 0);
});

test('a path explosion is capped per package, shortest chains kept, and the cap is reported', () => {
  // 12 layers of 2 packages each, every package depending on both of the next layer: 2^12 chains to the bottom.
  const layers: LockNode[][] = [];
  for (let depth = 0; depth < 12; depth++) layers.push([makeNode(`l${depth}a`, '1.0.0', 'registry'), makeNode(`l${depth}b`, '1.0.0', 'registry')]);
  for (let depth = 0; depth + 1 < layers.length; depth++) for (const from of layers[depth] ?? []) for (const to of layers[depth + 1] ?? []) link(from, to);
  const graph: LockGraph = { format: 'test', roots: [{ label: '.', edges: (layers[0] ?? []).map((to) => ({ kind: 'prod' as const, to })) }], nodes: layers.flat(), problems: [] };
  const { packages, problems } = graphToPackages(graph, { origin: 'lockfile', foundIn: 'package-lock.json', maxPathsPerPackage: 5 });
  const bottom = packages.find((pkg) => pkg.name === 'l11a');
  assert.equal(bottom?.paths.length, 5);
  assert.equal(bottom?.pathsCapped, true);
  assert.equal(bottom?.paths[0]?.length, 13);
  assert.match(problems[0]?.message ?? '', /kept to the 5 shortest per package/);
});
