import { strict as assert } from 'node:assert';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, describe, it } from 'node:test';
import { createGzip, gzipSync } from 'node:zlib';
import { importPath } from '../advisories/import.js';
import { SqliteAdvisoryStore } from '../store/sqlite/advisories.js';
import { ExpansionBudget, expansionBound, gunzipFile } from './expansion.js';
import { EXPANSION_LIMITS } from './read-input.js';

/** `megabytes` of zeros, gzipped as a stream: the bomb is generated without writing its expansion anywhere. */
async function zeroBomb(file: string, megabytes: number): Promise<void> {
  const block = Buffer.alloc(1024 * 1024);
  let left = megabytes;
  const zeros = new Readable({
    read() {
      this.push(left-- > 0 ? block : null);
    },
  });
  await pipeline(zeros, createGzip({ level: 9 }), createWriteStream(file));
}

const osv = (id: string): string => JSON.stringify({ id, modified: '2026-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }] }] });

describe('compression bombs: gzip goes through the same bound as zip entries (#20)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bomb-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('one formula for both: the floor, the ratio, the entry cap and what is left of the total', () => {
    assert.equal(expansionBound(100, Infinity), 1024 * 1024);
    assert.equal(expansionBound(10 * 1024 * 1024, Infinity), 10 * 1024 * 1024 * EXPANSION_LIMITS.ratio > EXPANSION_LIMITS.entryBytes ? EXPANSION_LIMITS.entryBytes : 10 * 1024 * 1024 * EXPANSION_LIMITS.ratio);
    assert.equal(expansionBound(1024 * 1024, 5000), 5000);
  });

  it('a gzip of 400 MB of zeros (~1000:1) is refused by its ratio after a few MB, naming the file; the rest of the import is kept', async () => {
    const import1 = join(dir, 'import');
    mkdirSync(import1);
    const bomb = join(import1, 'b-nvd.json.gz');
    await zeroBomb(bomb, 400);
    const compressed = statSync(bomb).size;
    assert.ok(compressed < 1024 * 1024 && (400 * 1024 * 1024) / compressed > 900, `a ~1000:1 bomb (${compressed} bytes)`);
    writeFileSync(join(import1, 'a.json'), osv('GHSA-aaaa-aaaa-aaaa'));
    writeFileSync(join(import1, 'c.json.gz'), gzipSync(osv('GHSA-cccc-cccc-cccc')));
    const store = SqliteAdvisoryStore.open(join(dir, 'store.db'));
    const result = await importPath(store, import1);
    assert.equal(result.records, 2, 'both good files imported');
    assert.deepEqual(result.problems.map((problem) => problem.file), [bomb]);
    const message = result.problems[0]!.message;
    assert.match(message, /^expands over 200:1 \(([\d.]+) MB from (\d+) compressed bytes\) \(a compression bomb\?\); refusing it$/);
    const expandedMb = Number(/\(([\d.]+) MB from/.exec(message)![1]);
    assert.ok(expandedMb < 16, `refused after ${expandedMb} MB of output, not at the 512 MB entry cap`);
    assert.ok(await store.get('GHSA-cccc-cccc-cccc'));
  });

  it('the total of one import: files that each pass alone are refused once the budget is spent', async () => {
    const small = { entryBytes: 64 * 1024 * 1024, totalBytes: 3 * 1024 * 1024, ratio: 2000 };
    const budget = new ExpansionBudget(small);
    const files = [1, 2, 3].map((n) => {
      const file = join(dir, `part-${n}.json.gz`);
      writeFileSync(file, gzipSync(Buffer.alloc(1024 * 1024 + 1000, 0x20)));
      return file;
    });
    await gunzipFile(files[0]!, budget);
    await gunzipFile(files[1]!, budget);
    await assert.rejects(gunzipFile(files[2]!, budget), /part-3\.json\.gz: expands past what is left of the import's 3\.0 MB in total \(a compression bomb\?\); refusing it/);
  });

  it('a truncated gzip and a file that is not gzip are named as such', async () => {
    const whole = gzipSync(Buffer.from(osv('GHSA-dddd-dddd-dddd')));
    writeFileSync(join(dir, 'cut.json.gz'), whole.subarray(0, whole.length - 12));
    writeFileSync(join(dir, 'not.json.gz'), 'plain text');
    await assert.rejects(gunzipFile(join(dir, 'cut.json.gz')), /cut\.json\.gz: truncated gzip file/);
    await assert.rejects(gunzipFile(join(dir, 'not.json.gz')), /not\.json\.gz: not a valid gzip file/);
  });
});
