/**
 * Scorecard's rules for single shell commands (checks/raw/shell_download_validate.go at
 * 40c1e35): which commands download, which run an interpreter, and when a package-manager
 * install counts as pinned. `cmd` is the command's words as extractCommand gives them: only
 * one-part words, quotes kept, unquoted `sudo` dropped.
 */
import { posix } from 'node:path';
import { goString, items, nodeType, present, type CallExpr, type DblQuoted, type Lit, type ShNode, type SglQuoted } from './syntax.js';

const SUPPORTED_SHELLS = ['sh', 'bash', 'mksh'];
const SHELL_NAMES = [...SUPPORTED_SHELLS, 'dash', 'ksh'];
const PYTHON = ['python', 'python3', 'python2.7'];
const SHELL_INTERPRETERS = ['exec', 'su', ...SHELL_NAMES];
const OTHER_INTERPRETERS = ['perl', 'ruby', 'php', 'node', 'nodejs', 'java'];
/** Scorecard's list, in its order (dotnet, other, shell, shells, python). */
const INTERPRETERS = ['dotnet', 'nuget', ...OTHER_INTERPRETERS, ...SHELL_INTERPRETERS, ...SHELL_NAMES, ...PYTHON];
const DOWNLOAD_UTILS = ['curl', 'wget', 'gsutil'];
const GIT_COMMIT = /^[a-fA-F0-9]{40}$/;

export { SUPPORTED_SHELLS, SHELL_INTERPRETERS };

/** `path.Base(name)` equals `expected`, ignoring case. */
export function isBinaryName(expected: string, name: string): boolean {
  return posix.basename(name).toLowerCase() === expected.toLowerCase() && name !== '';
}

function eq(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

function clean(path: string): string {
  return path === '' ? '.' : posix.normalize(path).replace(/(.)\/$/, '$1');
}

/** The words of a call, as Scorecard's extractCommand reads them; null for other commands. */
export function extractCommand(cmd: ShNode | null): string[] | null {
  if (cmd === null || !present(cmd) || nodeType(cmd) !== 'CallExpr') return null;
  return callWords(cmd as CallExpr);
}

function callWords(call: CallExpr): string[] {
  const words: string[] = [];
  for (const word of items(call.Args)) {
    if (word.Parts.$length !== 1) continue;
    const part = items(word.Parts)[0];
    if (part === undefined) continue;
    const type = nodeType(part);
    if (type === 'SglQuoted') words.push(`'${goString((part as SglQuoted).Value)}'`);
    else if (type === 'DblQuoted') {
      const parts = (part as DblQuoted).Parts;
      const inner = items(parts)[0];
      if (parts.$length === 1 && inner !== undefined && nodeType(inner) === 'Lit') words.push(`"${goString((inner as Lit).Value)}"`);
    } else if (type === 'Lit') {
      const value = goString((part as Lit).Value);
      if (value.toLowerCase() !== 'sudo') words.push(value);
    }
  }
  return words;
}

export function isDownloadUtility(cmd: string[]): boolean {
  const bin = cmd[0];
  if (bin === undefined) return false;
  if (DOWNLOAD_UTILS.some((name) => isBinaryName(name, bin))) return true;
  return isBinaryName('aws', bin) && cmd.length >= 3 && eq(cmd[1], 's3api') && eq(cmd[2], 'get-object');
}

export function isInterpreter(cmd: string[]): boolean {
  const bin = cmd[0];
  return bin !== undefined && INTERPRETERS.some((name) => isBinaryName(name, bin));
}

export function isPythonCommand(cmd: string[]): boolean {
  const bin = cmd[0];
  return bin !== undefined && PYTHON.some((name) => isBinaryName(name, bin));
}

export function isShellInterpreterOrCommand(cmd: string[]): boolean {
  const bin = cmd[0];
  if (bin === undefined || isPythonCommand(cmd)) return false;
  return !OTHER_INTERPRETERS.some((name) => isBinaryName(name, bin));
}

/** `bash -c …`: an interpreter followed later by a flag containing `c`. */
export function isCommand(cmd: string[], bin: string): boolean {
  let seen = false;
  for (const word of cmd) {
    if (isBinaryName(bin, word)) seen = true;
    else if (seen && word.startsWith('-') && word.includes('c')) return true;
  }
  return false;
}

export function extractInterpreterAndCommand(cmd: string[]): string | null {
  return INTERPRETERS.find((name) => isCommand(cmd, name)) ?? null;
}

export function isExecuteFile(cmd: string[], file: string): boolean {
  return cmd[0] !== undefined && clean(cmd[0]).toLowerCase() === clean(file).toLowerCase();
}

export function isInterpreterWithFile(cmd: string[], file: string): boolean {
  const bin = cmd[0];
  if (bin === undefined || !INTERPRETERS.some((name) => isBinaryName(name, bin))) return false;
  return cmd.slice(1).some((arg) => clean(arg).toLowerCase() === clean(file).toLowerCase());
}

function parseRequestUri(text: string): URL | null {
  // Go's url.ParseRequestURI accepts absolute URLs and absolute paths.
  if (text.startsWith('/')) return new URL(`file://${text}`);
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(text)) return null;
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** False only when every URL given is a raw.githubusercontent.com URL pinned to a commit. */
export function hasUnpinnedUrls(cmd: string[]): boolean {
  const urls: URL[] = [];
  for (const word of cmd) {
    const quoted = /^'.*'$|^".*"$/s.test(word) && word.length >= 2;
    const url = parseRequestUri(quoted ? word.slice(1, -1) : word);
    if (url !== null) urls.push(url);
  }
  const pinned = urls.filter((url) => {
    if (url.protocol !== 'https:' || url.host !== 'raw.githubusercontent.com') return false;
    const segments = url.pathname.split('/');
    return segments.length > 4 && GIT_COMMIT.test(segments[3] ?? '');
  });
  return !(pinned.length > 0 && pinned.length === urls.length);
}

/** Go's filepath.Dir: everything up to the last slash, cleaned (`/a/b/` → `/a/b`). */
function goDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : clean(path.slice(0, slash + 1));
}

function urlBase(text: string): string {
  try {
    return posix.basename(new URL(text).pathname) || '.';
  } catch {
    return posix.basename(text);
  }
}

/** Where wget, gsutil or `aws s3api get-object` write what they download. */
export function getOutputFile(cmd: string[]): string | null {
  const bin = cmd[0];
  if (bin === undefined) return null;
  if (isBinaryName('wget', bin)) {
    for (let i = 1; i < cmd.length - 1; i++) if (eq(cmd[i], '-O')) return cmd[i + 1] ?? null;
    const url = cmd.slice(1).find((word) => word.startsWith('http'));
    return url === undefined ? null : urlBase(url);
  }
  if (isBinaryName('gsutil', bin)) {
    for (let i = 1; i < cmd.length - 1; i++) {
      const source = cmd[i] ?? '';
      if (!source.startsWith('gs://')) continue;
      const target = cmd[i + 1] ?? '';
      if (goDir(target) === clean(target)) return posix.join(goDir(target), urlBase(source));
      return target;
    }
    return null;
  }
  if (isBinaryName('aws', bin)) {
    if (cmd.length < 3 || !eq(cmd[1], 's3api') || !eq(cmd[2], 'get-object')) return null;
    const source = cmd[cmd.length - 2] ?? '';
    const target = cmd[cmd.length - 1] ?? '';
    if (goDir(target) === clean(target)) return posix.join(goDir(target), urlBase(source));
    return target;
  }
  return null;
}

// Package managers, each a pair "is an install" / "is an unpinned install".

export function isNpmDownload(cmd: string[]): boolean {
  if (!isBinaryName('npm', cmd[0] ?? '')) return false;
  return cmd.slice(1).some((w) => ['install', 'i', 'install-test', 'update', 'ci'].includes(w.toLowerCase()));
}

export function isNpmUnpinnedDownload(cmd: string[]): boolean {
  for (const word of cmd.slice(1)) {
    // `npm ci` verifies every hash in the lockfile.
    if (eq(word, 'ci')) return false;
    if (/^(github:|git:\/\/|git\+http:\/\/|git\+https:\/\/)/.test(word)) {
      const parts = word.split('#');
      if (parts.length !== 2) return true;
      if (GIT_COMMIT.test(parts[1] ?? '')) return false;
    }
  }
  return true;
}

export function isGoDownload(cmd: string[]): boolean {
  return cmd.length > 2 && isBinaryName('go', cmd[0] ?? '') && ['get', 'install'].includes(cmd[1] ?? '');
}

const GO_FLAGS = ['-d', '-f', '-t', '-u', '-v', '-fix', '-insecure'];

export function isGoUnpinnedDownload(cmd: string[]): boolean {
  let insecure = false;
  for (let i = 1; i < cmd.length - 1; i++) {
    while (i < cmd.length - 1 && GO_FLAGS.includes(cmd[i + 1] ?? '')) {
      if (cmd[i + 1] === '-insecure') insecure = true;
      i++;
    }
    if (i + 1 >= cmd.length) return false;
    const pkg = cmd[i + 1] ?? '';
    // Strings that are not URLs are local folders, which are pinned.
    if (!/\w+\.\w+\/\w+/.test(pkg)) return false;
    const parts = pkg.split('@');
    if (parts.length !== 2) continue;
    const version = parts[1] ?? '';
    const semver = /^v\d+\.\d+\.\d+(-[0-9A-Za-z-.]+)?(\+[0-9A-Za-z-.]+)?$/;
    if (version === 'none' || /^[A-Fa-f0-9]{40,}$/.test(version) || (!insecure && semver.test(version))) return false;
  }
  return true;
}

function isPipInstall(cmd: string[]): boolean {
  return cmd.length >= 2 && (isBinaryName('pip', cmd[0] ?? '') || isBinaryName('pip3', cmd[0] ?? '')) && eq(cmd[1], 'install');
}

function isPinnedEditableSource(source: string): boolean {
  if (!/^(git|svn|hg|bzr).+$/.test(source)) return true;
  return /^git(\+(https?|ssh|git))?:\/\/.*(.git)?@[a-fA-F0-9]{40}(#egg=.*)?$/.test(source);
}

function isUnpinnedPipInstall(cmd: string[]): boolean {
  let noDeps = false;
  let editable = false;
  let pinnedEditable = true;
  let requireHashes = false;
  let additional = false;
  let wheel = false;
  for (const word of cmd.slice(2)) {
    if (eq(word, '--no-deps')) {
      noDeps = true;
      continue;
    }
    if (word === '-e' || word === '--editable') {
      editable = true;
      continue;
    }
    if (eq(word, '--require-hashes')) {
      requireHashes = true;
      break;
    }
    if (/^(--?\w+)+$/.test(word)) continue;
    if (word.endsWith('.whl')) {
      wheel = true;
      continue;
    }
    if (editable) {
      if (!isPinnedEditableSource(word)) pinnedEditable = false;
      continue;
    }
    additional = true;
  }
  if (editable) return !noDeps || !pinnedEditable;
  if (requireHashes) return false;
  if (additional) return true;
  return !wheel;
}

function extractPipCommand(cmd: string[]): string[] | null {
  for (let i = 1; i < cmd.length - 1; i++) if (eq(cmd[i], '-m') && eq(cmd[i + 1], 'pip')) return cmd.slice(i + 1);
  return null;
}

function isPythonPipInstall(cmd: string[]): boolean {
  if (!isPythonCommand(cmd)) return false;
  const pip = extractPipCommand(cmd);
  return pip !== null && isPipInstall(pip);
}

export function isPipDownload(cmd: string[]): boolean {
  return isPipInstall(cmd) || isPythonPipInstall(cmd);
}

export function isPipUnpinnedDownload(cmd: string[]): boolean {
  if (isPipInstall(cmd) && isUnpinnedPipInstall(cmd)) return true;
  return isPythonPipInstall(cmd) && isUnpinnedPipInstall(extractPipCommand(cmd) ?? []);
}

export function isChocoDownload(cmd: string[]): boolean {
  return cmd.length >= 2 && (isBinaryName('choco', cmd[0] ?? '') || isBinaryName('choco.exe', cmd[0] ?? '')) && eq(cmd[1], 'install');
}

export function isChocoUnpinnedDownload(cmd: string[]): boolean {
  const flags = ['--requirechecksum', '--requirechecksums', '--require-checksums'];
  return !cmd.slice(2).some((word) => flags.includes((word.split('=')[0] ?? '').toLowerCase()));
}

function isBin(cmd: string[], ...names: string[]): boolean {
  return names.some((name) => isBinaryName(name, cmd[0] ?? ''));
}

function hasFlag(cmd: string[], from: number, ...flags: string[]): boolean {
  return cmd.slice(from).some((word) => flags.some((flag) => eq(word, flag)));
}

const nuget = {
  dotnetAdd: (cmd: string[]) =>
    cmd.length >= 4 && isBin(cmd, 'dotnet', 'dotnet.exe') && eq(cmd[1], 'add') && (eq(cmd[2], 'package') || eq(cmd[3], 'package')),
  nugetInstall: (cmd: string[]) => cmd.length >= 2 && isBin(cmd, 'nuget', 'nuget.exe') && eq(cmd[1], 'install'),
  nugetRestore: (cmd: string[]) => cmd.length >= 2 && isBin(cmd, 'nuget', 'nuget.exe') && eq(cmd[1], 'restore'),
  dotnetRestore: (cmd: string[]) => cmd.length >= 2 && isBin(cmd, 'dotnet', 'dotnet.exe') && eq(cmd[1], 'restore'),
  msbuildRestore: (cmd: string[]) => cmd.length >= 2 && isBin(cmd, 'msbuild', 'msbuild.exe') && hasFlag(cmd, 1, '/t:restore'),
};

export function isNuget(cmd: string[]): boolean {
  return Object.values(nuget).some((test) => test(cmd));
}

export function isNugetUnpinned(cmd: string[]): boolean {
  if (nuget.dotnetAdd(cmd) && !hasFlag(cmd, 3, '-v', '--version')) return true;
  if (nuget.nugetInstall(cmd)) {
    // `nuget install` alone or from packages.config installs declared (versioned) packages.
    const unpinned = cmd.length !== 2 && !(cmd[2] ?? '').endsWith('packages.config') && !hasFlag(cmd, 2, '-Version');
    if (unpinned) return true;
  }
  if (nuget.dotnetRestore(cmd) && !hasFlag(cmd, 2, '--locked-mode')) return true;
  if (nuget.nugetRestore(cmd) && !hasFlag(cmd, 2, '-LockedMode')) return true;
  return nuget.msbuildRestore(cmd) && !hasFlag(cmd, 2, '/p:RestoreLockedMode=true');
}
