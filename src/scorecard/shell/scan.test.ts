import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanShell } from './scan.js';
import { parseShell, ShellSyntaxError } from './syntax.js';
import type { PinningFacts } from '../pinning-types.js';

function scan(script: string, startLine = 0): PinningFacts {
  const facts: PinningFacts = { dependencies: [], errors: [] };
  scanShell('build.sh', startLine, startLine, script, new Set(), facts);
  return facts;
}

function found(facts: PinningFacts): string[] {
  return facts.dependencies.map((d) => `${d.line} ${d.type} ${d.pinned ? 'pinned' : 'unpinned'} ${d.snippet}`);
}

test('shell: array assignments in local, declare and export parse (docker-node functions.sh forms)', () => {
  // Shaped like nodejs/docker-node's functions.sh (get_variants, get_versions), which the old
  // hand-written parser rejected, losing every finding in the file.
  const script = [
    '#!/usr/bin/env bash', // 1
    'function get_variants() {', // 2
    '  local dir', // 3
    '  local variants=()', // 4
    '  local dirs=("$@")', // 5
    '  declare -a versions=()', // 6
    '  declare -A seen=([a]=1 [b]=2)', // 7
    '  export ARCHES=(amd64 arm64)', // 8
    '  variants+=("${variant1}")', // 9
    '  IFS=\' \' read -ra availablevariants <<< "$(grep "^${arch}" "${dir}/architectures")"', // 10
    '  curl -fsSL https://example.com/install.sh | bash', // 11
    '}', // 12
    '',
  ].join('\n');
  const facts = scan(script);
  assert.deepEqual(facts.errors, []);
  assert.deepEqual(found(facts), ['11 downloadThenRun unpinned curl -fsSL https://example.com/install.sh | bash']);
});

test('shell: sh -c scripts are scanned with Scorecard line arithmetic (offset + call line + inner line)', () => {
  const script = ['set -e', 'sh -c "curl -s https://get.example.com | bash"', "bash -c 'npm install left-pad'", 'python3 -c "import os"', ''].join('\n');
  // Calls on lines 2 and 3 of a script at offset 10; the inner script's line 1 is added again.
  assert.deepEqual(found(scan(script, 10)), [
    '13 downloadThenRun unpinned curl -s https://get.example.com | bash',
    '14 npmCommand unpinned npm install left-pad',
  ]);
});

test('shell: here-documents are data, but command substitutions inside them are walked', () => {
  const script = [
    'bash <<EOF', // 1
    'curl https://example.com/a.sh | sh', // 2
    'EOF', // 3
    'cat > run.sh <<EOF', // 4
    'version=$(curl -s https://example.com/b.sh | bash)', // 5
    'EOF', // 6
    '',
  ].join('\n');
  assert.deepEqual(found(scan(script)), ['5 downloadThenRun unpinned curl -s https://example.com/b.sh | bash']);
});

test('shell: pipes into shells follow Scorecard word by word (sudo dropped, sudo -E is not an interpreter)', () => {
  const script = [
    'curl -sL https://deb.nodesource.com/setup_20.x | sudo bash -', // 1
    'curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash -', // 2
    'wget -qO- https://raw.githubusercontent.com/o/r/0123456789abcdef0123456789abcdef01234567/i.sh | sh', // 3
    'wget -O /tmp/get.sh https://example.com/get.sh && bash /tmp/get.sh', // 4
    'bash <(curl -s https://example.com/c.sh)', // 5
    '',
  ].join('\n');
  assert.deepEqual(found(scan(script)), [
    '1 downloadThenRun unpinned curl -sL https://deb.nodesource.com/setup_20.x | sudo bash -',
    '4 downloadThenRun unpinned bash /tmp/get.sh',
    '5 downloadThenRun unpinned bash <(curl -s https://example.com/c.sh)',
  ]);
});

test('shell: snippets are mvdan-printed, after non-ASCII text and across continuation lines', () => {
  const script = ['echo "héllo wörld ✓"', 'pip   install \\', '    requests   ', "curl  'https://x.example/i.sh'|bash", ''].join('\n');
  assert.deepEqual(found(scan(script)), [
    '2 pipCommand unpinned pip install \\\n\trequests',
    "4 downloadThenRun unpinned curl 'https://x.example/i.sh' | bash",
  ]);
});

test('shell: a script mvdan rejects is a processing error in its words; the process stack limit is kept', () => {
  const before = Error.stackTraceLimit;
  const facts = scan('if then\n');
  assert.equal(facts.dependencies.length, 0);
  assert.equal(facts.errors[0]?.message, 'Possibly incomplete results: error parsing shell code: "if" must be followed by a statement list');
  assert.throws(() => parseShell('echo "unterminated\n'), (error: unknown) => error instanceof ShellSyntaxError && error.line === 1);
  assert.equal(Error.stackTraceLimit, before);
});
