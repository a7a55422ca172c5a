import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { quoteNodeOption } from './policy/flags.js';
import { inferPolicy, type Inference } from './policy/infer.js';
import { resolveCommand } from './launch.js';
import { PRELOAD_DIR } from './run.js';
import type { PolicyVariables, TraceFile, TraceRecord } from './types.js';

export interface TraceOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  command: string[];
  /** 'inherit' shows the command's output (the CLI); 'pipe' collects it (tests, benches). */
  stdio?: 'inherit' | 'pipe';
  preloadDir?: string;
}

export interface TraceResult {
  exitCode: number;
  records: TraceRecord[];
  output: string;
  traceDir: string;
}

/** Read what every traced process and thread wrote: JSON traces and the ESM hooks' module lists. */
export function readTraceDir(dir: string): TraceRecord[] {
  const records: TraceRecord[] = [];
  for (const name of readdirSync(dir)) {
    const text = readFileSync(join(dir, name), 'utf8');
    if (name.startsWith('trace-')) records.push(...(JSON.parse(text) as TraceFile).records);
    else if (name.startsWith('modules-')) for (const file of text.split('\n').filter(Boolean)) records.push({ kind: 'module', target: file, by: '' });
  }
  return records;
}

/** Run a command with the tracing preload in NODE_OPTIONS (so its Node children are traced too). */
export async function traceCommand(options: TraceOptions): Promise<TraceResult> {
  const [first, ...rest] = options.command;
  if (!first) throw new UsageError('no command given: vigil permissions infer -- <command>');
  const executable = resolveCommand(first, options.cwd, options.env.PATH);
  const traceDir = realpathSync(mkdtempSync(join(tmpdir(), 'vigil-trace-')));
  const preload = join(options.preloadDir ?? PRELOAD_DIR, 'trace.cjs');
  const nodeOptions = [options.env.NODE_OPTIONS ?? '', quoteNodeOption(`--require=${preload}`)].filter(Boolean).join(' ');
  const env = { ...options.env, NODE_OPTIONS: nodeOptions, VIGIL_TRACE_DIR: traceDir };
  const stdio = options.stdio ?? 'inherit';
  try {
    const { exitCode, output } = await new Promise<{ exitCode: number; output: string }>((resolve, reject) => {
      const child = spawn(executable, rest, { cwd: options.cwd, env, stdio: stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += String(chunk)));
      child.stderr?.on('data', (chunk: Buffer) => (output += String(chunk)));
      child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new InputError(`command not found: ${first}`, { cause: error }) : error));
      child.on('close', (code, signal) => resolve({ exitCode: code ?? (signal ? 128 : 1), output }));
    });
    return { exitCode, records: readTraceDir(traceDir), output, traceDir };
  } finally {
    rmSync(traceDir, { recursive: true, force: true });
  }
}

/** Trace a command and infer its policy; Vigil's own files and the trace directory are left out. */
export async function inferFromCommand(options: TraceOptions & { variables: PolicyVariables }): Promise<Inference & { exitCode: number; output: string }> {
  const traced = await traceCommand(options);
  const inference = inferPolicy(traced.records, { variables: options.variables, ignore: [options.preloadDir ?? PRELOAD_DIR, traced.traceDir] });
  return { ...inference, exitCode: traced.exitCode, output: traced.output };
}
