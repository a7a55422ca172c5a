import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerfileParser } from 'dockerfile-ast';
import { parseDockerfile } from './parse.js';
import { pinDockerfile } from '../../harden/fixes/pin-docker.js';

test('a long instruction (cut from the text, not dockerfile-ast\'s O(n²) list) reads as the library reads it', () => {
  const words = Array.from({ length: 3000 }, (_, i) => `w${i}`);
  const text = `FROM --platform=linux/amd64 node:20 AS base\nRUN echo ${words.join(' ')} \\\n  # a comment inside\n  && make\nCOPY ${words.join(' ')} /dst/\n`;
  const parsed = parseDockerfile(text);
  const library = DockerfileParser.parse(text).getInstructions();
  assert.equal(parsed.length, 3);
  assert.ok((parsed[1]!.endLine - parsed[1]!.line) >= 1 && text.split('\n')[1]!.length > 16 * 1024, 'the RUN is past the bound');
  for (const [index, instruction] of library.entries()) {
    const raw = (instruction.getRawArgumentsContent() ?? '').split('\n').filter((line, i) => i === 0 || !/^\s*#/.test(line)).join('\n').replace(/\\\r?\n/g, '').replace(/^\s*(--\S+\s*)*/, '');
    assert.deepEqual(parsed[index]!.args, raw.split(/\s+/).filter((arg) => arg !== ''), instruction.getKeyword());
  }
  assert.equal(parsed[1]!.command?.trim().endsWith('&& make'), true);
});

test('harden leaves a hostile 200,000-character FROM alone with a reason instead of parsing it', async () => {
  const text = `FROM ${'--a '.repeat(50_000)}\nFROM node:20\n`;
  const result = await pinDockerfile('Dockerfile', text, { resolveImage: () => Promise.resolve(`sha256:${'0'.repeat(64)}`) });
  assert.match(result.skipped[0]?.reason ?? '', /FROM instruction longer than 4096 characters/);
  assert.equal(result.changes.length, 1, 'the real FROM on the next line is still pinned');
});
