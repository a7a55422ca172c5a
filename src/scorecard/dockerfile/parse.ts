/**
 * Dockerfile instructions as BuildKit's parser presents them to Scorecard: keyword, lines,
 * the original text, arguments without `--flags`, a RUN's command with line continuations and
 * interleaved comment lines removed (JSON form joined with spaces), and its heredoc bodies.
 */
import { DockerfileParser, Run, type Instruction } from 'dockerfile-ast';
import { lineStarts } from '../../util/line-starts.js';

export interface DockerInstruction {
  keyword: string;
  /** 1-based lines of the instruction, continuations and heredocs included. */
  line: number;
  endLine: number;
  /** The instruction as written on its first line(s), without heredoc bodies. */
  original: string;
  /** Whitespace-separated arguments, leading `--flag`s dropped. */
  args: string[];
  /** RUN only: the shell command, or null for an empty JSON array (`RUN []`). */
  command: string | null;
  /** RUN only: heredoc bodies, each ending with a newline as BuildKit gives them. */
  heredocs: string[];
}

/**
 * dockerfile-ast takes tens of milliseconds on a long Dockerfile; the same text is often read by
 * several checks and by harden's before/after runs, so the last results are kept (bounded).
 */
const recent = new Map<string, DockerInstruction[]>();
const RECENT_LIMIT = 64;

/** Never throws: dockerfile-ast reads any text, as BuildKit does for these instructions. */
export function parseDockerfile(text: string): DockerInstruction[] {
  const known = recent.get(text);
  if (known !== undefined) return known;
  const parsed = parseUncached(text);
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
  recent.set(text, parsed);
  return parsed;
}

/**
 * Past this many characters an instruction's arguments are cut from the text directly:
 * dockerfile-ast builds its argument list with a position search per argument, O(n²) in the
 * instruction's length (a 400,000-character `FROM --a --a …` took 5.8 s; a 2 MB one minutes).
 * Real instructions are far shorter, so they keep the library's exact reading (issue #20).
 */
const LONG_INSTRUCTION = 16 * 1024;


function rawArguments(instruction: Instruction, text: string, starts: number[]): string {
  const range = instruction.getRange();
  const offset = (position: { line: number; character: number }): number => (starts[position.line] ?? text.length) + position.character;
  const start = offset(range.start);
  const end = offset(range.end);
  const heredoc = instruction instanceof Run && instruction.getHeredocs().length > 0;
  if (end - start <= LONG_INSTRUCTION || heredoc) return instruction.getRawArgumentsContent() ?? '';
  return text.slice(offset(instruction.getInstructionRange().end), end).trim();
}

function parseUncached(text: string): DockerInstruction[] {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const starts = lineStarts(text);
  const dockerfile = DockerfileParser.parse(text);
  return dockerfile.getInstructions().map((instruction) => {
    const range = instruction.getRange();
    const raw = stripFlags(joinContinuations(rawArguments(instruction, text, starts)));
    const heredocs = instruction instanceof Run ? heredocBodies(instruction, lines) : [];
    const firstLines = heredocs.length > 0 ? [lines[range.start.line] ?? ''] : lines.slice(range.start.line, range.end.line + 1);
    return {
      keyword: instruction.getKeyword().toUpperCase(),
      line: range.start.line + 1,
      endLine: range.end.line + 1,
      original: joinContinuations(firstLines.join('\n')).trim(),
      args: raw.split(/\s+/).filter((arg) => arg !== ''),
      command: instruction.getKeyword().toUpperCase() === 'RUN' ? runCommand(raw) : '',
      heredocs,
    };
  });
}

/** BuildKit joins `\`-continued lines and skips comment lines between them. */
function joinContinuations(raw: string): string {
  return raw
    .split('\n')
    .filter((line, index) => index === 0 || !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\r?\n/g, '');
}

function stripFlags(args: string): string {
  return args.replace(/^\s*(--\S+\s*)*/, '');
}

function runCommand(args: string): string | null {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) {
        return parsed.length === 0 ? null : parsed.join(' ');
      }
    } catch {
      // Not JSON: BuildKit then runs it as a shell command.
    }
  }
  return args;
}

function heredocBodies(run: Run, lines: string[]): string[] {
  return run.getHeredocs().map((heredoc) => {
    const content = heredoc.getContentRange();
    if (content === null) return '';
    const start = heredoc.getStartRange().start;
    const stripTabs = (lines[start.line] ?? '').slice(start.character).startsWith('<<-');
    const body = lines.slice(content.start.line, content.end.line + 1);
    return body.map((line) => (stripTabs ? line.replace(/^\t+/, '') : line)).join('\n') + '\n';
  });
}
