import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryRepoView } from '../test-helpers.js';
import { collectFuzzing } from './fuzzing.js';

/** One real-shaped line per language of Scorecard's languageFuzzSpecs (raw/fuzzing.go), with the line it must be found on. */
const SAMPLES: Record<string, [string, string]> = {
  GoBuiltInFuzzer: ['parser/parse_test.go', 'package parser\n\nfunc FuzzParse(f *testing.F) {\n'],
  ErlangPropertyBasedTesting: ['test/prop_x.erl', '-module(prop_x).\n\n-include_lib("proper/include/proper.hrl").\n'],
  HaskellPropertyBasedTesting: ['test/Spec.hs', 'module Main where\n\nimport qualified Test.Tasty.QuickCheck as QC\n'],
  ElixirPropertyBasedTesting: ['test/x_test.exs', 'defmodule XTest do\n\n  use ExUnitProperties\n'],
  GleamPropertyBasedTesting: ['test/x_test.gleam', '// x\n\nimport qcheck\n'],
  JavaScriptPropertyBasedTesting: ['test/x.test.js', "'use strict';\n\nconst fc = require('fast-check');\n"],
  TypeScriptPropertyBasedTesting: ['test/x.test.ts', "// x\n\nimport { test } from '@fast-check/vitest';\n"],
  PythonAtherisFuzzer: ['fuzz/fuzz_x.py', 'import sys\n\nimport atheris\n'],
  CLibFuzzer: ['fuzz/x.c', '#include <stdint.h>\n\nint LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {\n'],
  CppLibFuzzer: ['fuzz/x.cc', '#include <cstdint>\n\nextern "C" int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) {\n'],
  RustCargoFuzzer: ['fuzz/fuzz_targets/x.rs', '#![no_main]\n\nuse libfuzzer_sys::fuzz_target;\n'],
  JavaJazzerFuzzer: ['src/fuzz/XFuzzer.java', 'package x;\n\nimport com.code_intelligence.jazzer.api.FuzzedDataProvider;\n'],
  SwiftLibFuzzer: ['Fuzz/x.swift', 'import Foundation\n\n@_cdecl("LLVMFuzzerTestOneInput") public func f() {}\n'],
  CSharpPropertyBasedTesting: ['Tests/X.cs', 'namespace X;\n\nusing FsCheck.Xunit;\n'],
  FSharpPropertyBasedTesting: ['Tests/X.fs', 'module X\n\nopen FsCheck.NUnit\n'],
};

describe('Fuzzing collector', () => {
  it("finds every language's idiom on its line (the byte pre-filter never hides a match)", async () => {
    const view = memoryRepoView(Object.fromEntries(Object.values(SAMPLES)));
    const found = await collectFuzzing(view);
    assert.deepEqual(found.map((fuzzer) => fuzzer.name).sort(), Object.keys(SAMPLES).sort());
    for (const fuzzer of found) assert.deepEqual(fuzzer.files.map((file) => [file.path, file.line]), [[SAMPLES[fuzzer.name]?.[0], 3]]);
  });

  it('finds nothing in files without the idiom, and does not decode them', async () => {
    const view = memoryRepoView({ 'lib/a.js': "const fc = require('fast-checker');\n", 'src/x.c': 'int LLVMFuzzerInitialize(void);\n', 'x_test.go': 'func TestParse(t *testing.T) {}\n' });
    assert.deepEqual(await collectFuzzing(view), []);
  });
});
