/**
 * The reachability model: a project's module graph from its entry points, and the verdict it gives
 * each review finding (reachable with an import chain, not reachable, or unknown with why).
 */

/** How a module loads another: `require`, static `import`/`export … from`, `import()`. */
export type LoadKind = 'require' | 'import' | 'dynamic-import' | 'require-resolve' | 'worker' | 'fork';

/** One load site a parser found in a module. */
export interface LoadSite {
  kind: LoadKind;
  /** The literal specifier; null when it is computed at run time. */
  specifier: string | null;
  /** For a computed specifier: its literal head (`./locale/` of `'./locale/' + name`), '' when none. */
  prefix: string;
  /** For a computed specifier: its literal tail (`.json` of `path.join(dir, name + '.json')`), '' when none. */
  suffix: string;
  /** The file a `createRequire(file)` require resolves from, when it is not the module itself. */
  base?: string;
  line: number;
}

/** What a parse of one file found: its load sites and what makes its loads undecidable. */
export interface ModuleInfo {
  loads: LoadSite[];
  /** A direct `eval(…)` can call `require` with anything: the module's loads are not all known. */
  evalLines: number[];
  /**
   * `Function(…)`/`new Function(…)` with computed text, or text naming require or import: code
   * compiled at run time, unknown like eval.
   */
  functionLines: number[];
  /** The parser's error, when the file is not JavaScript/TypeScript it could read. */
  parseError: string | null;
  /** Whether the AST was read (false: the loads came from oxc's module record and the literal scan). */
  ast: boolean;
}

/** Why a module or package is an entry point. */
export interface EntryPoint {
  file: string;
  /** `package.json main`, `exports ./sub (import)`, `bin vigil`, `named on the command line`. */
  reason: string;
}

/** A step of an import chain: the file and the line that loads the next one. */
export interface ChainStep {
  file: string;
  line: number | null;
}

/** A load the graph could not follow statically, with where it is. */
export interface UnknownLoad {
  file: string;
  line: number;
  /** `require(<computed>)`, `import(<computed>) with prefix ./locale/`, `eval`, `parse error`. */
  what: string;
  /**
   * Package names the load could reach (`name`, or `prefix*` for `'babel-plugin-' + x`); null
   * means any package resolvable from the file.
   */
  candidates: string[] | null;
}

/** The graph of every module reachable from the entry points. */
export interface ModuleGraph {
  root: string;
  entries: EntryPoint[];
  /** Reachable file → the file (and line) that first loaded it: the BFS tree gives shortest chains. */
  parent: Map<string, ChainStep | null>;
  /** Reachable files per package directory (realpath of the directory holding package.json). */
  packages: Map<string, { name: string; version: string | null; files: string[] }>;
  /** Package directory → files of other packages (or the project) that load it: where call sites are. */
  importers: Map<string, Set<string>>;
  unknown: UnknownLoad[];
  /** Specifiers that resolved to nothing (optional dependencies, missing files), with where. */
  unresolved: { file: string; line: number; specifier: string }[];
  /** Files read and parsed, and the wall time it took (ms). */
  /** `workers`: threads that parsed files to the end (0: all on the calling thread: a small graph, `workers: 0`, or workers that could not start). */
  stats: { files: number; parsed: number; ms: number; workers: number };
}

/** A call or reference to a vulnerable function found in a module that loads the package. */
export interface CallSite {
  file: string;
  line: number;
  name: string;
}

export type ReachabilityStatus = 'reachable' | 'not-reachable' | 'unknown';

/** The verdict on one finding, with the evidence a reviewer can check. */
export interface ReachabilityVerdict {
  status: ReachabilityStatus;
  /** One sentence: the chain, the reason for unknown, or what was searched for not reachable. */
  evidence: string;
  /** Shortest chain from an entry point to the vulnerable package's first module (reachable). */
  chain: ChainStep[];
  /** Where the advisory (or the knowledge file) names vulnerable functions: the references found. */
  callSites: CallSite[];
  /** Vulnerable functions/files looked for, and where that list came from. */
  vulnerableCode: { functions: string[]; files: string[]; source: string } | null;
  /** `static` (the graph), `trace` (a run loaded it: the trace file named). */
  basis: 'static' | 'trace';
  /** The trace that upgraded the verdict, when one did. */
  trace?: string;
}
