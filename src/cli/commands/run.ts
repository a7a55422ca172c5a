import type { Command } from 'commander';
import { action } from '../context.js';
import type { RunOptions } from '../run-action.js';
import type { CommandDefinition } from './registry.js';

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
      .option(
        '--accept-in-process-guard',
        "start even where the policy's network has no outer boundary on this machine (not Linux, no usable bwrap or unshare, a \"*\" host, a listen port chosen at run time): Vigil's in-process guard alone, which native code and non-Node children can bypass; without it such a launch is refused (exit 2)",
      )
      .option('--dry-run', 'print the launch (flags, environment names, boundaries) and do not start it')
      .addHelpText(
        'after',
        `
The permission flags go in NODE_OPTIONS once, so child Node processes inherit them. Network
destinations are enforced by an in-process guard and an outer boundary (Linux): an empty
network namespace when the policy allows no network; with bubblewrap, a sandbox with loopback
only, left through vigil's allow-list proxy, and entered through the addresses in net.listen,
which vigil binds on this machine and hands into the sandbox. Where no outer boundary is
possible the launch is refused (exit 2), naming the reason, unless --accept-in-process-guard
is given. Only the listed environment variables are passed. The output says which boundary
enforces what. With --integrity, Node 20 and 21 check the manifest themselves (a policy
manifest Vigil writes to a private temporary file and removes after the run); newer Node gets
Vigil's synchronous module hooks.

Examples:
  vigil run -- node app.js
  vigil run --permissions policy/vigil-permissions.json --pin sha256-... -- node server.js
  vigil run --integrity integrity.json --public-key release.pub -- node app.js`,
      )
      .action(
        action(async (context, words: string[], options: RunOptions) => {
          // Only the modules a launch needs (not the whole runtime area: inference, checks, semver):
          // every millisecond here is added to the application's start (#18). `vigil run -- ...`
          // usually never reaches this file: main.ts hands it to run-lean.ts before loading commander.
          const { runAction } = await import('../run-action.js');
          const config = context.config().runtime;
          return runAction({ cwd: context.cwd, env: context.env, words, options, config, logger: context.logger, json: context.json, print: (text) => context.print(text) });
        }),
      );
  },
};
