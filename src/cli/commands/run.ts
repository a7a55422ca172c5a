import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { IntegrityMode } from '../../runtime/index.js';
import { action } from '../context.js';
import { toJson } from '../../formats/table/render.js';
import type { CommandDefinition } from './registry.js';

interface RunOptions {
  permissions?: string | false;
  pin?: string;
  project?: string;
  integrity?: string;
  publicKey?: string;
  integrityMode?: string;
  integrityHooks?: boolean;
  dryRun?: boolean;
}

export const runCommand: CommandDefinition = {
  name: 'run',
  summary: 'run Node under a permissions file (and an integrity manifest), with the flags that Node version understands',
  configure(command: Command) {
    command
      .argument('<command...>', 'the command after --, e.g. node app.js')
      .option('--permissions <file>', 'the permissions file (default: vigil-permissions.json beside the entry point, never a parent directory)')
      .option('--no-permissions', 'no permission policy (integrity only)')
      .option('--pin <sha256>', 'refuse the permissions file unless it hashes to this (sha256-<base64>, as infer prints it)')
      .option('--project <dir>', 'the value of ${project} (default: the permissions file directory)')
      .option('--integrity <manifest>', 'refuse to load any module whose bytes differ from this manifest (refuse to start without it)')
      .option('--public-key <pem>', 'require a detached Ed25519 signature (<manifest>.sig) by this key (default: runtime.publicKey)')
      .option('--integrity-mode <mode>', 'optional, require-manifest (refuse to start without one) or require-signature (default: runtime.integrity)')
      .option('--integrity-hooks', "enforce integrity with Vigil's module hooks even where Node checks a policy manifest itself (Node 20/21; it turns off require() of ES modules)")
      .option('--dry-run', 'print the launch (flags, environment names, boundaries) and do not start it')
      .addHelpText(
        'after',
        `
The permission flags go in NODE_OPTIONS once, so child Node processes inherit them. Network
destinations are enforced by an in-process guard (and an empty network namespace when the
policy allows no network and the machine permits it); only the listed environment variables
are passed. The output says which boundary enforces what. With --integrity, Node 20 and 21
check the manifest themselves (a policy manifest Vigil writes to a private temporary file and
removes after the run); newer Node gets Vigil's synchronous module hooks.

Examples:
  vigil run -- node app.js
  vigil run --permissions policy/vigil-permissions.json --pin sha256-... -- node server.js
  vigil run --integrity integrity.json --public-key release.pub -- node app.js`,
      )
      .action(
        action(async (context, words: string[], options: RunOptions) => {
          // Only the modules a launch needs (not the whole runtime area: inference, checks, semver):
          // every millisecond here is added to the application's start (#18).
          const [{ chooseIntegrity }, { prepareRun }, { executeRun }] = await Promise.all([import('../../runtime/integrity/mode.js'), import('../../runtime/launch.js'), import('../../runtime/run.js')]);
          const config = context.config().runtime;
          const mode = options.integrityMode ?? config.integrity;
          if (!['optional', 'require-manifest', 'require-signature'].includes(mode)) throw new UsageError(`--integrity-mode: expected optional, require-manifest or require-signature, found ${mode}`);
          const publicKey = options.publicKey ?? config.publicKey;
          const choice = chooseIntegrity({
            mode: mode as IntegrityMode,
            command: words,
            cwd: context.cwd,
            ...(options.integrity ? { manifest: options.integrity } : {}),
            ...(publicKey ? { publicKey } : {}),
          });
          const integrity = choice.manifest ? await (await import('../../runtime/integrity/verify.js')).prepareIntegrity({ manifest: choice.manifest, ...(choice.publicKey ? { publicKey: choice.publicKey } : {}) }) : undefined;
          const plan = prepareRun({
            cwd: context.cwd,
            env: context.env,
            command: words,
            usePermissions: options.permissions !== false,
            ...(typeof options.permissions === 'string' ? { permissions: options.permissions } : {}),
            ...(options.pin ? { pin: options.pin } : {}),
            ...(options.project ? { project: options.project } : {}),
            ...(integrity ? { integrity } : {}),
            ...(options.integrityHooks ? { nodePolicy: false } : {}),
          });
          for (const warning of plan.warnings) context.logger.warn(`vigil: ${warning}`);
          if (options.dryRun) {
            const launch = { executable: plan.executable, args: plan.args, nodeOptions: plan.nodeOptions, env: Object.keys(plan.env).sort(), boundaries: plan.boundaries };
            context.print(context.json ? toJson(launch) : [`${plan.executable} ${plan.args.join(' ')}`, `NODE_OPTIONS=${plan.env.NODE_OPTIONS ?? ''}`, ...plan.boundaries.map((line) => `  ${line}`)].join('\n'));
            return 0;
          }
          for (const line of plan.boundaries) context.logger.info(`vigil: ${line}`);
          return executeRun(plan, context.cwd);
        }),
      );
  },
};
