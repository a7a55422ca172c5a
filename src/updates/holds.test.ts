import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../errors.js';
import { holdFor, readHolds } from './holds.js';

const write = (text: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-holds-')), 'holds.yaml');
  writeFileSync(path, text);
  return path;
};

describe('holds', () => {
  it('reads holds with reason and expiry; a missing file holds nothing', () => {
    const holds = readHolds(write('holds:\n  - id: libuv\n    version: 1.46.0\n    reason: carries the 2024-02 security patch\n    expires: 2025-06-30\n'));
    assert.deepEqual(holdFor(holds, 'libuv', '1.46.0', '2025-01-01'), { id: 'libuv', version: '1.46.0', reason: 'carries the 2024-02 security patch', expires: '2025-06-30', expired: false, appliesTo: true });
    assert.equal(holdFor(holds, 'libuv', '1.48.0', '2025-07-01')?.expired, true);
    assert.equal(holdFor(holds, 'libuv', '1.48.0', '2025-01-01')?.appliesTo, false);
    assert.deepEqual(readHolds('/nonexistent/holds.yaml'), []);
  });

  it('refuses a hold without a reason or with an unknown key, naming file and line', () => {
    assert.throws(() => readHolds(write('holds:\n  - id: libuv\n    reason: ""\n    expires: 2025-06-30\n')), (error: unknown) => error instanceof InputError && /holds.0.reason: a hold needs a reason/.test(error.message) && error.line === 3);
    assert.throws(() => readHolds(write('holds:\n  - id: libuv\n    reason: x\n    expires: soon\n')), /expires must be YYYY-MM-DD/);
    assert.throws(() => readHolds(write('holds:\n  - id: libuv\n    reason: x\n    expires: 2025-01-01\n    until: never\n')), /unknown key until/);
  });
});
