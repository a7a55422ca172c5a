import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadKnowledge, memoryInput, planHarden } from './index.js';
import { MAX_WORKFLOW_JOBS } from './plan.js';

const workflow = (jobs: number): string => `on: push\njobs:\n${Array.from({ length: jobs }, (_, i) => `  j${i}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n`).join('')}`;
const actions = { resolveAction: () => Promise.resolve({ sha: 'a'.repeat(40), version: 'v4.0.0' }) };

test('a workflow over the job bound is left alone with a reason; one at the bound is hardened', async () => {
  const plan = await planHarden(memoryInput({ '.github/workflows/huge.yml': workflow(MAX_WORKFLOW_JOBS + 1), '.github/workflows/ok.yml': workflow(3) }), { fixes: ['pin'], actions: actions as never, images: null, knowledge: loadKnowledge() });
  assert.deepEqual(plan.files.map((file) => file.path), ['.github/workflows/ok.yml']);
  assert.match(plan.skipped.find((skip) => skip.path === '.github/workflows/huge.yml')?.reason ?? '', /1001 jobs, over the 1000/);
});
