import { randomBytes } from 'node:crypto';

/** What the action was given (action.yml inputs, as Actions passes them: INPUT_<NAME>). */
export interface ActionInputs {
  command: string;
  args: string;
  db: string;
  format: string;
  output: string;
  failOn: string;
  githubToken: string;
}

/** Commands the action runs; others (serve, worker, run) make no sense in a job step. */
export const ACTION_COMMANDS = ['review', 'monitor', 'scorecard', 'harden', 'updates', 'inventory', 'node', 'db'];

const FORMATTED = new Set(['review', 'scorecard', 'inventory']);

/** Actions upper-cases input names and keeps their dashes; the composite step passes underscores. */
function input(env: NodeJS.ProcessEnv, name: string): string {
  const key = `INPUT_${name.toUpperCase()}`;
  return (env[key] ?? env[key.replace(/-/g, '_')] ?? '').trim();
}

export function inputsFromEnv(env: NodeJS.ProcessEnv): ActionInputs & { env: NodeJS.ProcessEnv } {
  return {
    command: input(env, 'command'),
    args: input(env, 'args'),
    db: input(env, 'db'),
    format: input(env, 'format'),
    output: input(env, 'output'),
    failOn: input(env, 'fail-on'),
    githubToken: input(env, 'github-token'),
    env,
  };
}

/** Split an argument string as a shell would for words and quotes, without a shell (nothing is expanded or run). */
export function splitArgs(text: string): string[] {
  const words: string[] = [];
  let current: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quote) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"' && index + 1 < text.length) current = (current ?? '') + text[++index];
      else current = (current ?? '') + char;
    } else if (char === '"' || char === "'") {
      quote = char;
      current ??= '';
    } else if (/\s/.test(char)) {
      if (current !== null) words.push(current);
      current = null;
    } else if (char === '\\' && index + 1 < text.length) current = (current ?? '') + text[++index];
    else current = (current ?? '') + char;
  }
  if (quote) throw new Error(`args: unclosed ${quote} quote in ${JSON.stringify(text)}`);
  if (current !== null) words.push(current);
  return words;
}

/** The vigil command line for these inputs; throws with a message naming the input that is wrong. */
export function planInvocation(inputs: ActionInputs & { env: NodeJS.ProcessEnv }): { argv: string[]; env: NodeJS.ProcessEnv; report: string | null; store: string } {
  if (!ACTION_COMMANDS.includes(inputs.command)) throw new Error(`input command: expected one of ${ACTION_COMMANDS.join(', ')}, got ${JSON.stringify(inputs.command)}`);
  const argv = [inputs.command, ...splitArgs(inputs.args)];
  if (inputs.format) {
    if (!FORMATTED.has(inputs.command)) throw new Error(`input format: ${inputs.command} has no --format`);
    argv.push('--format', inputs.format);
  }
  if (inputs.output) {
    if (!FORMATTED.has(inputs.command)) throw new Error(`input output: ${inputs.command} has no --output`);
    argv.push('--output', inputs.output);
  }
  if (inputs.failOn) {
    if (inputs.command !== 'review') throw new Error('input fail-on: only review has --fail-on');
    argv.push('--fail-on', inputs.failOn);
  }
  if (inputs.db) argv.push('--db', inputs.db);
  // The token goes to vigil through its environment, never on a command line (visible in ps).
  const env: NodeJS.ProcessEnv = { ...inputs.env, ...(inputs.githubToken ? { GITHUB_TOKEN: inputs.githubToken } : {}), NO_COLOR: '1' };
  for (const key of Object.keys(env)) if (key.startsWith('INPUT_')) delete env[key];
  const store = /^postgres(ql)?:\/\//.test(inputs.db) ? inputs.db.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@') : inputs.db;
  return { argv, env, report: inputs.output || null, store };
}

/** GITHUB_OUTPUT lines: `name<<delimiter` blocks, so a value with a newline cannot forge another output. */
export function outputLines(outputs: Record<string, string>): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      const delimiter = `ghadelimiter_${randomBytes(8).toString('hex')}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join('');
}
