/**
 * Scorecard's walk over one shell script (validateShellFileAndRecord in
 * checks/raw/shell_download_validate.go): download-then-run patterns and unpinned
 * package-manager installs, with its line arithmetic, so that `file:line` details match.
 */
import type { CallExpr, ShellNode, Stmt } from './ast.js';
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
import { parseShell, ShellSyntaxError } from './parse.js';
import { printCommand } from './walk.js';
import { walkShell } from './walk.js';
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
  let stmts: Stmt[];
  try {
    stmts = parseShell(content).stmts;
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
  const lines = (node: ShellNode): [number, number] =>
    endLine >= startLine ? [startLine + node.line, endLine + node.line] : [startLine + node.line, startLine + node.line];
  const add = (node: ShellNode, type: DependencyType, pinned: boolean, snippet: string, remediation?: string): void => {
    const [line, end] = lines(node);
    const dependency: Dependency = { type, path, line, endLine: end, snippet, pinned };
    if (remediation !== undefined) dependency.remediation = remediation;
    facts.dependencies.push(dependency);
  };

  walkShell(stmts, (node) => {
    if (node.kind === 'CallExpr') {
      const inner = interpreterCommand(node);
      if (inner !== null && isShellInterpreterOrCommand([inner.interpreter])) {
        const [line, end] = lines(node);
        scanShell(path, line, end, inner.command, tainted, facts);
      }
      const cmd = extractCommand(node) ?? [];
      const snippet = printCommand(node);
      for (const file of tainted) {
        if (isInterpreterWithFile(cmd, file) || isExecuteFile(cmd, file)) add(node, 'downloadThenRun', false, snippet);
      }
      if (isProcSubstDownload(node, cmd)) add(node, 'downloadThenRun', false, snippet);
      const install = packageManagerInstall(cmd);
      if (install !== null) add(node, install.type, install.pinned, snippet, install.remediation);
    }
    if (node.kind === 'BinaryCmd' && node.op === '|') {
      const left = extractCommand(node.x.cmd);
      const right = extractCommand(node.y.cmd);
      if (left !== null && right !== null && isDownloadUtility(left) && isInterpreter(right) && hasUnpinnedUrls(left)) {
        add(node, 'downloadThenRun', false, printCommand(node));
      }
    }
    if (node.kind === 'Stmt') {
      const file = downloadedFile(node);
      if (file !== null) tainted.add(file);
    }
  });
}

/** `bash -c "…"`: the interpreter and the script it is given. */
function interpreterCommand(call: CallExpr): { interpreter: string; command: string } | null {
  const interpreter = extractInterpreterAndCommand(extractCommand(call) ?? []);
  if (interpreter === null) return null;
  for (const word of call.args) {
    if (word.parts.length !== 1) continue;
    const part = word.parts[0];
    if (part?.kind === 'SglQuoted') return { interpreter, command: part.value };
    if (part?.kind === 'DblQuoted') {
      const lit = part.parts[0];
      if (part.parts.length === 1 && lit?.kind === 'Lit') return { interpreter, command: lit.value };
    }
  }
  return null;
}

/** `bash <(curl …)`. */
function isProcSubstDownload(call: CallExpr, cmd: string[]): boolean {
  if (!isInterpreter(cmd) || call.args.length < 2) return false;
  const parts = call.args[1]?.parts ?? [];
  const part = parts[0];
  if (parts.length !== 1 || part?.kind !== 'ProcSubst' || part.op !== '<(' || part.stmts.length === 0) return false;
  const inner = extractCommand(part.stmts[0]?.cmd ?? null);
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
function downloadedFile(stmt: Stmt): string | null {
  const cmd = extractCommand(stmt.cmd);
  if (cmd === null || !isDownloadUtility(cmd) || !hasUnpinnedUrls(cmd)) return null;
  for (const redirect of stmt.redirs) {
    if (redirect.op !== '>' || redirect.word.parts.length !== 1) continue;
    const part = redirect.word.parts[0];
    if (part?.kind === 'Lit') return part.value;
  }
  return getOutputFile(cmd);
}
