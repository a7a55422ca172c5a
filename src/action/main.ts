import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputsFromEnv, planInvocation, outputLines } from './invocation.js';

/**
 * The GitHub Action's entry point (action.yml runs it): inputs from INPUT_* variables, vigil run
 * as a child process, outputs appended to the GITHUB_OUTPUT file, vigil's exit code kept.
 */
function main(): number {
  let plan;
  try {
    plan = planInvocation(inputsFromEnv(process.env));
  } catch (error) {
    // A workflow command: GitHub shows it as an error annotation on the step.
    process.stdout.write(`::error title=vigil action::${(error as Error).message}\n`);
    return 2;
  }
  // dist/action/main.js beside dist/cli/main.js; from src/ (tests) the .ts with the same loader.
  const built = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  const cli = existsSync(built) ? built : fileURLToPath(new URL('../cli/main.ts', import.meta.url));
  const result = spawnSync(process.execPath, [...process.execArgv, cli, ...plan.argv], { stdio: 'inherit', env: plan.env });
  const exitCode = result.status ?? 3;
  const outputs = { 'exit-code': String(exitCode), ...(plan.report ? { report: resolve(plan.report) } : {}), store: plan.store };
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, outputLines(outputs));
  return exitCode;
}

process.exitCode = main();
