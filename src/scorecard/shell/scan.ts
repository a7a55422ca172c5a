/**
 * Scorecard's walk over one shell script (validateShellFileAndRecord in
 * checks/raw/shell_download_validate.go): download-then-run patterns and unpinned
 * package-manager installs, with its line arithmetic, so that `file:line` details match.
 */
import {
  extractCommand,
  extractInterpreterAndCommand,
  getOutputFile,
  hasUnpinnedUrls,
  isChocoDownload,
  isChocoUnpinnedDownload,
  isDownloadUtility,
  isExecuteFile,
  isGoDownload,
  isGoUnpinnedDownload,
  isInterpreter,
  isInterpreterWithFile,
  isNpmDownload,
  isNpmUnpinnedDownload,
  isNuget,
  isNugetUnpinned,
  isPipDownload,
  isPipUnpinnedDownload,
  isShellInterpreterOrCommand,
} from './commands.js';
import {
  goString,
  items,
  nodeType,
  operators,
  parseShell,
  printNode,
  ShellSyntaxError,
  walkShell,
  type BinaryCmd,
  type CallExpr,
  type DblQuoted,
  type Lit,
  type ProcSubst,
  type ShellFile,
  type ShNode,
  type SglQuoted,
  type Stmt,
} from './syntax.js';
import type { Dependency, DependencyType, PinningFacts } from '../pinning-types.js';

const NUGET_REMEDIATION =
  'pin your dependencies by either enabling central package management ' +
  '(https://learn.microsoft.com/nuget/consume-packages/Central-Package-Management) ' +
  'or using a lockfile (https://learn.microsoft.com/nuget/consume-packages/' +
  'package-references-in-project-files#locking-dependencies)';

/**
 * Scans `content` (a script, a `run:` step or a Dockerfile RUN) found at `path`. `startLine` and
 * `endLine` are the offsets Scorecard adds to the script's own 1-based lines; `tainted` carries
 * files downloaded earlier in the same job or Dockerfile. A parse error is reported at
 * `errorLine` (the `run:` value's line when the offset is the line before it).
 */
export function scanShell(
  path: string,
  startLine: number,
  endLine: number,
  content: string,
  tainted: Set<string>,
  facts: PinningFacts,
  errorLine = startLine,
): void {
  let file: ShellFile;
  try {
    file = parseShell(content);
  } catch (error) {
    if (!(error instanceof ShellSyntaxError)) throw error;
    facts.errors.push({
      path,
      line: errorLine,
      endLine: Math.max(endLine, errorLine),
      snippet: content,
      message: `Possibly incomplete results: error parsing shell code: ${error.message}`,
    });
    return;
  }
  // Every rule needs a download or package-manager word, or a file downloaded earlier; without
  // either the walk cannot find anything, but the parse result counts.
  if (tainted.size === 0 && !mayFind(content)) return;
  const source = Buffer.from(content, 'utf8');
  const ops = operators();
  const lines = (node: ShNode): [number, number] => {
    const line = node.Pos().Line();
    return endLine >= startLine ? [startLine + line, endLine + line] : [startLine + line, startLine + line];
  };
  const add = (node: ShNode, type: DependencyType, pinned: boolean, remediation?: string): void => {
    const [line, end] = lines(node);
    const dependency: Dependency = { type, path, line, endLine: end, snippet: printNode(source, node), pinned };
    if (remediation !== undefined) dependency.remediation = remediation;
    facts.dependencies.push(dependency);
  };

  const visit = (node: ShNode, type: string): void => {
    if (type === 'CallExpr') {
      const call = node as CallExpr;
      const cmd = extractCommand(call) ?? [];
      const inner = interpreterCommand(call, cmd);
      if (inner !== null && isShellInterpreterOrCommand([inner.interpreter])) {
        const [line, end] = lines(node);
        scanShell(path, line, end, inner.command, tainted, facts);
      }
      for (const file of tainted) {
        if (isInterpreterWithFile(cmd, file) || isExecuteFile(cmd, file)) add(node, 'downloadThenRun', false);
      }
      if (isProcSubstDownload(call, cmd, ops.procSubstIn)) add(node, 'downloadThenRun', false);
      const install = packageManagerInstall(cmd);
      if (install !== null) add(node, install.type, install.pinned, install.remediation);
    }
    if (type === 'BinaryCmd' && (node as BinaryCmd).Op === ops.pipe) {
      const { X, Y } = node as BinaryCmd;
      const left = extractCommand(X.Cmd);
      const right = extractCommand(Y.Cmd);
      if (left !== null && right !== null && isDownloadUtility(left) && isInterpreter(right) && hasUnpinnedUrls(left)) {
        add(node, 'downloadThenRun', false);
      }
    }
    if (type === 'Stmt') {
      const downloaded = downloadedFile(node as Stmt, ops.redirectOut);
      if (downloaded !== null) tainted.add(downloaded);
    }
  };
  // Top-level statements are walked in order, as syntax.Walk(file) would, but only those that
  // may fire (a statement's text runs to the next one's start, so here-document bodies count).
  const stmts = items(file.Stmts);
  const starts = stmts.map((stmt) => stmt.Pos().Offset());
  for (const [index, stmt] of stmts.entries()) {
    const text = source.subarray(starts[index] ?? 0, starts[index + 1] ?? source.length).toString('utf8');
    if (tainted.size > 0 || mayFind(text)) walkShell(stmt, visit);
  }
}

/**
 * The words some rule starts from (download utilities, package managers) as a command's first
 * word: a one-part literal whose base name is one of them (lower-cased, as isBinaryName
 * compares). A literal is made of the script's own characters once line continuations are
 * removed (mvdan keeps escapes in literal values), so the name stands between a word boundary
 * (white space, an operator, `/`) and the word's end; an `sh -c` script is its caller's text
 * between quotes, so quotes bound it too. Without such a word a script yields no finding.
 */
const TRIGGERS = /(?:^|[\s/;&|()<>`'"])(?:curl|wget|gsutil|aws|npm|go|pip3?|python(?:3|2\.7)?|choco|dotnet|nuget|msbuild)(?:\.exe)?(?=$|[\s/;&|()<>`'"])/;

function mayFind(content: string): boolean {
  return TRIGGERS.test(content.replace(/\\\r?\n/g, '').toLowerCase());
}

/** `bash -c "…"`: the interpreter and the script it is given. */
function interpreterCommand(call: CallExpr, cmd: string[]): { interpreter: string; command: string } | null {
  const interpreter = extractInterpreterAndCommand(cmd);
  if (interpreter === null) return null;
  for (const word of items(call.Args)) {
    const part = word.Parts.$length === 1 ? items(word.Parts)[0] : undefined;
    if (part === undefined) continue;
    const type = nodeType(part);
    if (type === 'SglQuoted') return { interpreter, command: goString((part as SglQuoted).Value) };
    if (type === 'DblQuoted') {
      const parts = (part as DblQuoted).Parts;
      const lit = items(parts)[0];
      if (parts.$length === 1 && lit !== undefined && nodeType(lit) === 'Lit') return { interpreter, command: goString((lit as Lit).Value) };
    }
  }
  return null;
}

/** `bash <(curl …)`. */
function isProcSubstDownload(call: CallExpr, cmd: string[], procSubstIn: number): boolean {
  if (!isInterpreter(cmd) || call.Args.$length < 2) return false;
  const word = items(call.Args)[1];
  const parts = word === undefined ? [] : items(word.Parts);
  const part = parts[0];
  if (parts.length !== 1 || part === undefined || nodeType(part) !== 'ProcSubst') return false;
  const proc = part as ProcSubst;
  if (proc.Op !== procSubstIn || proc.Stmts.$length === 0) return false;
  const inner = extractCommand(items(proc.Stmts)[0]?.Cmd ?? null);
  return inner !== null && isDownloadUtility(inner);
}

function packageManagerInstall(cmd: string[]): { type: DependencyType; pinned: boolean; remediation?: string } | null {
  if (cmd.length === 0) return null;
  if (isGoDownload(cmd)) return { type: 'goCommand', pinned: !isGoUnpinnedDownload(cmd) };
  if (isPipDownload(cmd)) return { type: 'pipCommand', pinned: !isPipUnpinnedDownload(cmd) };
  if (isNpmDownload(cmd)) return { type: 'npmCommand', pinned: !isNpmUnpinnedDownload(cmd) };
  if (isChocoDownload(cmd)) return { type: 'chocoCommand', pinned: !isChocoUnpinnedDownload(cmd) };
  if (isNuget(cmd)) {
    const pinned = !isNugetUnpinned(cmd);
    return pinned ? { type: 'nugetCommand', pinned } : { type: 'nugetCommand', pinned, remediation: NUGET_REMEDIATION };
  }
  return null;
}

/** The file an unpinned download writes (`curl … > f`, `wget -O f`), to flag its later execution. */
function downloadedFile(stmt: Stmt, redirectOut: number): string | null {
  const cmd = extractCommand(stmt.Cmd);
  if (cmd === null || !isDownloadUtility(cmd) || !hasUnpinnedUrls(cmd)) return null;
  for (const redirect of items(stmt.Redirs)) {
    if (redirect.Op !== redirectOut || redirect.Word.Parts.$length !== 1) continue;
    const part = items(redirect.Word.Parts)[0];
    if (part !== undefined && nodeType(part) === 'Lit') return goString((part as Lit).Value);
  }
  return getOutputFile(cmd);
}
