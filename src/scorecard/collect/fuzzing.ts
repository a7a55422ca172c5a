import type { RepoView } from '../types.js';
import { contentFiles, sweepFiles } from './listing.js';

/** A fuzzer found, with the lines that show it (none for ClusterFuzzLite, which is a file). */
export interface FuzzerFound {
  name: string;
  files: { path: string; line: number; snippet: string }[];
}

interface LanguageSpec {
  name: string;
  /** Globs on the file name, compared lower-cased (Scorecard's PathMatcher, case-insensitive). */
  patterns: RegExp;
  /** Searched line by line, as Scorecard does. */
  pattern: RegExp;
  /** A literal every match of `pattern` contains: files without it are never decoded (most of a large tree). */
  needle: string;
}

const FAST_CHECK = /(from\s+['"](fast-check|@fast-check\/(ava|jest|vitest))['"]|require\(\s*['"](fast-check|@fast-check\/(ava|jest|vitest))['"]\s*\))/;

/**
 * Scorecard's languageFuzzSpecs (raw/fuzzing.go). Its local mode checks every language (the
 * repository's languages come from the GitHub API), and so does Vigil.
 */
const LANGUAGES: LanguageSpec[] = [
  { name: 'GoBuiltInFuzzer', patterns: /_test\.go$/, pattern: /func\s+Fuzz\w+\s*\(\w+\s+\*testing.F\)/, needle: 'Fuzz' },
  { name: 'ErlangPropertyBasedTesting', patterns: /\.(erl|hrl)$/, pattern: /-include_lib\("(eqc|proper)\/include\/(eqc|proper).hrl"\)\./, needle: '-include_lib("' },
  { name: 'HaskellPropertyBasedTesting', patterns: /\.(hs|lhs)$/, pattern: /import\s+(qualified\s+)?Test\.((Hspec|Tasty)\.)?(QuickCheck|Hedgehog|Validity|SmallCheck)/, needle: 'Test.' },
  { name: 'ElixirPropertyBasedTesting', patterns: /\.(ex|exs)$/, pattern: /use\s+(PropCheck|ExUnitProperties)/, needle: 'use' },
  { name: 'GleamPropertyBasedTesting', patterns: /\.gleam$/, pattern: /import\s+qcheck/, needle: 'import' },
  { name: 'JavaScriptPropertyBasedTesting', patterns: /\.(js|jsx)$/, pattern: FAST_CHECK, needle: 'fast-check' },
  { name: 'TypeScriptPropertyBasedTesting', patterns: /\.(ts|tsx)$/, pattern: FAST_CHECK, needle: 'fast-check' },
  { name: 'PythonAtherisFuzzer', patterns: /\.py$/, pattern: /import atheris/, needle: 'import atheris' },
  { name: 'CLibFuzzer', patterns: /\.c$/, pattern: /LLVMFuzzerTestOneInput/, needle: 'LLVMFuzzerTestOneInput' },
  { name: 'CppLibFuzzer', patterns: /\.(cc|cpp)$/, pattern: /LLVMFuzzerTestOneInput/, needle: 'LLVMFuzzerTestOneInput' },
  { name: 'RustCargoFuzzer', patterns: /\.rs$/, pattern: /libfuzzer_sys/, needle: 'libfuzzer_sys' },
  { name: 'JavaJazzerFuzzer', patterns: /\.java$/, pattern: /com.code_intelligence.jazzer.api.FuzzedDataProvider;/, needle: 'FuzzedDataProvider;' },
  { name: 'SwiftLibFuzzer', patterns: /\.swift$/, pattern: /LLVMFuzzerTestOneInput/, needle: 'LLVMFuzzerTestOneInput' },
  { name: 'CSharpPropertyBasedTesting', patterns: /\.cs$/, pattern: /(using\s+(FsCheck|FsCheck\.(NUnit|Xunit)|Expecto\.ExpectoFsCheck));/, needle: 'FsCheck' },
  { name: 'FSharpPropertyBasedTesting', patterns: /\.fs$/, pattern: /(open\s+(FsCheck|FsCheck\.(NUnit|Xunit)|Expecto\.ExpectoFsCheck))/, needle: 'FsCheck' },
];

/** Files larger than this are not searched for fuzzing idioms. */
export const MAX_SEARCHED_BYTES = 8 * 1024 * 1024;

/** Scorecard's CheckFileContainsCommands: a line that is neither empty nor a comment. */
export function containsCommands(content: string, comment: string): boolean {
  return content.split('\n').some((line) => {
    const trimmed = line.trim();
    return trimmed.length > 0 && !trimmed.startsWith(comment);
  });
}

/** Lines of `content` matching `pattern`, 1-based. Pure. */
export function matchingLines(path: string, content: string, pattern: RegExp): FuzzerFound['files'] {
  const found: FuzzerFound['files'] = [];
  content.split('\n').forEach((line, index) => {
    const match = pattern.exec(line);
    if (match) found.push({ path, line: index + 1, snippet: match[0] });
  });
  return found;
}

/**
 * ClusterFuzzLite by its Dockerfile, then each language's fuzzing idiom in files of that language.
 * OSS-Fuzz membership needs a search of google/oss-fuzz and is not looked up.
 */
export async function collectFuzzing(view: RepoView): Promise<FuzzerFound[]> {
  const fuzzers: FuzzerFound[] = [];
  const cflite = contentFiles(view).find((file) => file.path === '.clusterfuzzlite/Dockerfile');
  if (cflite) {
    const text = await view.readText(cflite.path);
    if (text !== null && containsCommands(text, '#')) fuzzers.push({ name: 'ClusterFuzzLite', files: [] });
  }
  const found = new Map<LanguageSpec, FuzzerFound['files']>();
  const candidates = contentFiles(view).flatMap((file) => {
    // Symlinks and submodules have no bytes here; a huge file named like source (a bundle, a blob
    // misnamed .js) is not searched, so one file cannot take the run's memory.
    if ((file.size ?? 0) > MAX_SEARCHED_BYTES) return [];
    const lower = file.path.toLowerCase();
    const languages = LANGUAGES.filter((language) => language.patterns.test(lower));
    return languages.length > 0 ? [{ path: file.path, languages }] : [];
  });
  const languagesOf = new Map(candidates.map((candidate) => [candidate.path, candidate.languages]));
  // One look at each file, in listing order, without keeping it (issue #16: most of a large tree
  // is source with no fuzzing idiom, and 80 MB of buffers cost more than the search).
  await sweepFiles(
    view,
    candidates.map((candidate) => candidate.path),
    (path, bytes) => {
      let text: string | undefined;
      for (const language of languagesOf.get(path) ?? []) {
        // A byte search for the literal first (ASCII, so latin1 is its UTF-8 form and the fastest
        // search): most files of a large tree have none and are never decoded.
        if (bytes.indexOf(language.needle, 0, 'latin1') < 0) continue;
        text ??= bytes.toString('utf8');
        // Whole-text test next: a superset of the per-line matches.
        if (!language.pattern.test(text)) continue;
        const lines = matchingLines(path, text, language.pattern);
        if (lines.length > 0) found.set(language, [...(found.get(language) ?? []), ...lines]);
      }
    },
  );
  for (const language of LANGUAGES) {
    const files = found.get(language);
    if (files) fuzzers.push({ name: language.name, files });
  }
  return fuzzers;
}
