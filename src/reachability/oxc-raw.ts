/**
 * oxc-parser's raw transfer, on Node 20 too: Rust writes the AST into a buffer shared with
 * JavaScript instead of serialising it to JSON, and only what is read is turned into JS objects.
 * For the graph that is oxc's module record and comment list for every file (the literal scan,
 * parse.ts) and the whole AST only for the few files the scan cannot decide.
 *
 * oxc gates raw transfer on Node >= 22 because its own buffer code makes a Uint8Array over a 6 GiB
 * ArrayBuffer, longer than Node 20's typed-array limit (4 GiB). Node 20 itself creates the 6 GiB
 * ArrayBuffer (virtual memory; pages are touched only as the AST is written): only the views must
 * be shorter. Here the 4 GiB-aligned offset is asked of oxc through a 16-byte view and the 2 GiB
 * block is viewed directly, which is what oxc's `createBuffer` does with the long view. Everything
 * else is oxc's own code for this exact version (the package's exported `src-js` files: its
 * native `parseRawSync`, its buffer layout constants, its deserialisers). On 5,176 files of the
 * react-scripts 5 tool chain the AST, module record, comments and errors equal those of oxc's JSON
 * path (docs/BENCHMARKS.md, round 9). Where the buffer cannot be had (32-bit or big-endian
 * platforms, an allocation refused by a system without overcommit) `rawParser()` is null and
 * parse.ts takes the JSON path.
 */
import { getBufferOffset, parseRawSync, rawTransferSupported } from 'oxc-parser/src-js/bindings';
import { ACTIVE_SIZE, BLOCK_ALIGN, BLOCK_SIZE, BUFFER_SIZE, DATA_POINTER_POS_32, IS_TS_FLAG_POS } from 'oxc-parser/src-js/generated/constants';
import { deserialize as deserializeJs } from 'oxc-parser/src-js/generated/deserialize/js';
import { deserialize as deserializeTs } from 'oxc-parser/src-js/generated/deserialize/ts';
import { RawTransferData } from 'oxc-parser/src-js/generated/lazy/constructors';
import { TOKEN } from 'oxc-parser/src-js/raw-transfer/lazy-common';
import type { Comment, EcmaScriptModule, OxcError, ParserOptions, Program } from 'oxc-parser';

/** The buffer oxc's deserialisers read: a 2 GiB block aligned on 4 GiB, with 32-bit and float views. */
type RawBuffer = Uint8Array & { int32: Int32Array; float64: Float64Array; block: Uint8Array };

/** What parse.ts reads of one file. Valid until the next parse (the buffer is reused). */
export interface RawResult {
  module: EcmaScriptModule;
  comments: Pick<Comment, 'start' | 'end'>[];
  errors: Pick<OxcError, 'message'>[];
  program: () => Program;
}

function createBuffer(): RawBuffer | null {
  if (!rawTransferSupported()) return null; // 32-bit or big-endian
  let arrayBuffer: ArrayBuffer;
  try {
    arrayBuffer = new ArrayBuffer(BLOCK_SIZE + BLOCK_ALIGN);
  } catch {
    return null;
  }
  const offset = getBufferOffset(new Uint8Array(arrayBuffer, 0, 16));
  const buffer = new Uint8Array(arrayBuffer, offset, BUFFER_SIZE) as RawBuffer;
  buffer.int32 = new Int32Array(arrayBuffer, offset, BUFFER_SIZE / 4);
  buffer.float64 = new Float64Array(arrayBuffer, offset, BUFFER_SIZE / 8);
  buffer.block = new Uint8Array(arrayBuffer, offset, BLOCK_SIZE);
  return buffer;
}

const encoder = new TextEncoder();

/** Plain copies of the lazily read module record (parse.ts keeps nothing that points into the buffer). */
function plainModule(module: EcmaScriptModule): EcmaScriptModule {
  return {
    hasModuleSyntax: module.hasModuleSyntax,
    staticImports: [...module.staticImports].map((entry) => ({ start: entry.start, end: entry.end, moduleRequest: { value: entry.moduleRequest.value, start: entry.moduleRequest.start, end: entry.moduleRequest.end }, entries: [...entry.entries].map((item) => ({ isType: item.isType })) }) as never),
    staticExports: [...module.staticExports].map((entry) => ({ start: entry.start, end: entry.end, entries: [...entry.entries].map((item) => ({ isType: item.isType, moduleRequest: item.moduleRequest ? { value: item.moduleRequest.value, start: item.moduleRequest.start, end: item.moduleRequest.end } : null })) }) as never),
    dynamicImports: [...module.dynamicImports].map((entry) => ({ start: entry.start, end: entry.end, moduleRequest: { start: entry.moduleRequest.start, end: entry.moduleRequest.end } })),
    importMetas: [],
  };
}

/** A parser on one reused buffer: each call's result must be read before the next call. */
export interface RawParser {
  parse(name: string, text: string, options: ParserOptions): RawResult;
}

let shared: RawParser | null | undefined;

/** The room the buffer keeps for a source's UTF-8 (oxc's limit: 1 GiB). */
const SOURCE_ROOM = 1 << 30;

/** The longest source the buffer takes: room for 3 UTF-8 bytes a character. */
export const MAX_RAW_SOURCE = SOURCE_ROOM / 3;

/**
 * Let the buffer go (the graph calls this when done): its touched pages, as large as the largest
 * AST parsed, would otherwise stay with a long-running process. The next parse makes a new one.
 */
export function releaseRawParser(): void {
  shared = undefined;
}

/** The thread's raw parser (one 6 GiB virtual buffer per thread), or null where raw transfer cannot run. */
export function rawParser(): RawParser | null {
  if (shared !== undefined) return shared;
  const buffer = createBuffer();
  if (!buffer) return (shared = null);
  let generation = 0;
  shared = {
    parse(name, text, options) {
      const current = ++generation;
      // Source at the end of the active area, with room for the longest UTF-8 encoding (as oxc does).
      const longest = text.length * 3;
      if (longest > SOURCE_ROOM) throw new Error('Source text is too long');
      const sourceStart = ACTIVE_SIZE - longest;
      const { read, written } = encoder.encodeInto(text, buffer.subarray(sourceStart, sourceStart + longest));
      if (read !== text.length) throw new Error('Failed to write source text into buffer');
      parseRawSync(name, buffer.block, sourceStart, written, options);
      const isJs = buffer[IS_TS_FLAG_POS] === 0;
      const ast = { buffer, sourceText: text, sourceStartPos: sourceStart, sourceByteLen: written, sourceIsAscii: text.length === written, nodes: new Map(), token: TOKEN };
      const data = new RawTransferData(buffer.int32[DATA_POINTER_POS_32] as number, ast);
      const comments: RawResult['comments'] = [];
      // oxc's JSON path (and its eager raw path) lists a JavaScript file's hashbang as a line comment.
      const hashbang = isJs ? data.program.hashbang : null;
      if (hashbang) comments.push({ start: hashbang.start, end: hashbang.end });
      for (const comment of data.comments) comments.push({ start: comment.start, end: comment.end });
      const errors = [...data.errors].map((error) => ({ message: error.message }));
      const module = plainModule(data.module);
      let program: Program | null = null;
      return {
        module,
        comments,
        errors,
        program: () => {
          if (program) return program;
          if (current !== generation) throw new Error('oxc raw buffer reused before the AST was read');
          program = (isJs ? deserializeJs : deserializeTs)(buffer, text, sourceStart, written).program as Program;
          return program;
        },
      };
    },
  };
  return shared;
}

/** This module decides cached loads: the disk cache (loads-cache.ts) is named after its text. */
export const SOURCE_URL = import.meta.url;
