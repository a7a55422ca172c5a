import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { colorDiff, renderTable } from './render.js';

const rows = [
  { id: 'nghttp2', current: '1.64.0', status: 'behind by 2 minor releases; the release line policy allows 1.x within the 1.64 series, see https://github.com/nghttp2/nghttp2/releases' },
  { id: 'undici', current: '6.21.1', status: 'up to date' },
];
const columns = [
  { header: 'dependency', value: (row: (typeof rows)[number]) => row.id },
  { header: 'current', value: (row: (typeof rows)[number]) => row.current, align: 'right' as const },
  { header: 'status', value: (row: (typeof rows)[number]) => row.status },
];

test('on an 80-column terminal every line of a table fits, long cells cut with …; piped, cells stay whole (issue #17)', () => {
  const fitted = renderTable(rows, columns, { width: 80 });
  for (const line of fitted.split('\n')) assert.ok(line.length <= 80, `${line.length}: ${line}`);
  assert.match(fitted, /nghttp2 +1\.64\.0 +behind by 2 minor.*…$/m);
  assert.match(fitted, /undici +6\.21\.1 +up to date$/m);
  const whole = renderTable(rows, columns, {});
  assert.ok(whole.includes('https://github.com/nghttp2/nghttp2/releases'));
});

test('a diff is coloured only when colours are on (a TTY without NO_COLOR)', () => {
  const diff = '--- a/x.yml\n+++ b/x.yml\n@@ -1 +1 @@\n-uses: actions/checkout@v4\n+uses: actions/checkout@abc # v4';
  assert.equal(colorDiff(diff, false), diff);
  const coloured = colorDiff(diff, true);
  assert.ok(coloured.includes('\u001b[31m-uses: actions/checkout@v4\u001b[39m'));
  assert.ok(coloured.includes('\u001b[32m+uses: actions/checkout@abc # v4\u001b[39m'));
});
