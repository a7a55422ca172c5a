import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../errors.js';
import { parseJson } from './parse-text.js';

/** The InputError parseJson throws for `text`. */
function failure(text: string, file = 'web/bom.json'): InputError {
  try {
    parseJson(text, file);
  } catch (error) {
    assert.ok(error instanceof InputError);
    return error;
  }
  assert.fail('the text was accepted');
}

test('malformed JSON names the file and line even where V8 gives no position, on one line', () => {
  // V8 says `Unexpected token '}', "..." is not valid JSON`, quoting the text over several lines.
  const token = failure('{"bomFormat": "CycloneDX",\n "components": [\n  {"name": }\n ]}\n');
  assert.equal(token.line, 3);
  assert.equal(token.message, 'web/bom.json:3: not valid JSON (Unexpected token \'}\'); found "{\\"name\\": }"');
  // A truncated file: "Unexpected end of JSON input", at its last line.
  const truncated = failure('{\n  "lockfileVersion": 3,\n  "packages": [\n', 'npm-shrinkwrap.json');
  assert.equal(truncated.line, 4);
  assert.equal(truncated.message, 'npm-shrinkwrap.json:4: not valid JSON (Unexpected end of JSON input)');
  // Where V8 gives a position, that is used.
  assert.equal(failure('{\n  "a": 1,\n  "b" 2\n}').line, 3);
  assert.doesNotMatch(token.message, /\n/);
});
