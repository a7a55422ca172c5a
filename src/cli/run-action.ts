// What `vigil run` does once its words are parsed, shared by the full CLI (commands/run.ts) and
// the lean path (run-lean.ts). It imports only the launch modules: every module loaded here is
// CPU added to the application's start (#18).
import { UsageError } from '../errors.js';
import { chooseIntegrity, type IntegrityMode } from '../runtime/integrity/mode.js';
import { prepareRun } from '../runtime/launch.js';
import { executeRun } from '../runtime/run.js';
import type { Logger } from '../util/log.js';

export interface RunOptions {
  permissions?: string | false;
  pin?: string;
  project?: string;
  integrity?: string;
  publicKey?: string;
  integrityMode?: string;
  integrityHooks?: boolean;
  /** Start even where the policy's network has no outer boundary (the in-process guard alone). */
  acceptInProcessGuard?: boolean;
  dryRun?: boolean;
}

export interface RunActionInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The command after `--`. */
  words: string[];
  options: RunOptions;
  /** `runtime.integrity` and `runtime.publicKey` from the configuration. */
  config: { integrity: string; publicKey: string | undefined };
  logger: Logger;
  json: boolean;
  print(text: string): void;
}

/** Decide the launch, print or start it; resolves to the exit code. */
export async function runAction(input: RunActionInput): Promise<number> {
  const { options } = input;
  const mode = options.integrityMode ?? input.config.integrity;
  if (!['optional', 'require-manifest', 'require-signature'].includes(mode)) throw new UsageError(`--integrity-mode: expected optional, require-manifest or require-signature, found ${mode}`);
  const publicKey = options.publicKey ?? input.config.publicKey;
  const choice = chooseIntegrity({
    mode: mode as IntegrityMode,
    command: input.words,
    cwd: input.cwd,
    ...(options.integrity ? { manifest: options.integrity } : {}),
    ...(publicKey ? { publicKey } : {}),
  });
  const integrity = choice.manifest ? await (await import('../runtime/integrity/verify.js')).prepareIntegrity({ manifest: choice.manifest, ...(choice.publicKey ? { publicKey: choice.publicKey } : {}) }) : undefined;
  const plan = prepareRun({
    cwd: input.cwd,
    env: input.env,
    command: input.words,
    usePermissions: options.permissions !== false,
    ...(typeof options.permissions === 'string' ? { permissions: options.permissions } : {}),
    ...(options.pin ? { pin: options.pin } : {}),
    ...(options.project ? { project: options.project } : {}),
    ...(integrity ? { integrity } : {}),
    ...(options.integrityHooks ? { nodePolicy: false } : {}),
    ...(options.acceptInProcessGuard ? { acceptGuardOnly: true } : {}),
  });
  for (const warning of plan.warnings) input.logger.warn(`vigil: ${warning}`);
  if (options.dryRun) {
    const launch = { executable: plan.executable, args: plan.args, nodeOptions: plan.nodeOptions, env: Object.keys(plan.env).sort(), boundaries: plan.boundaries };
    input.print(input.json ? `${JSON.stringify(launch, null, 2)}\n` : [`${plan.executable} ${plan.args.join(' ')}`, `NODE_OPTIONS=${plan.env.NODE_OPTIONS ?? ''}`, ...plan.boundaries.map((line) => `  ${line}`)].join('\n'));
    return 0;
  }
  for (const line of plan.boundaries) input.logger.info(`vigil: ${line}`);
  return executeRun(plan, input.cwd);
}
