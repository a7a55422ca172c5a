import type { Command } from 'commander';
import { action } from '../context.js';
import { requireExistingPath } from '../input-paths.js';
import { renderTable, toJson } from '../../formats/table/render.js';
import type { CommandDefinition } from './registry.js';

interface InferOptions {
  output?: string;
  allowPartial?: boolean;
  report?: string;
  project?: string;
}

interface CheckOptions {
  permissions?: string;
  project?: string;
  node?: string;
  vulnCore?: string;
}

export const permissionsCommand: CommandDefinition = {
  name: 'permissions',
  summary: 'infer a Node.js permissions file from a real run, and check it for known gaps',
  configure(command: Command) {
    command.addHelpText(
      'after',
      `
The permissions file is JSON (schema in src/runtime/README.md): fs read/write paths with
\${project}, \${home} and \${tmp}, childProcess, worker, addons, wasi, net destinations, env names.
Run an application under it with \`vigil run\`.

Examples:
  vigil permissions infer -- npm test
  vigil permissions infer --output vigil-permissions.json --report infer-report.json -- node app.js
  vigil permissions check --vuln-core ../security-wg/vuln/core`,
    );
    command
      .command('infer')
      .description('run a command with a tracing preload and write the smallest policy that allows what it did')
      .argument('<command...>', 'the command after --, e.g. npm test')
      .option('--output <file>', 'the policy to write (default: <project>/vigil-permissions.json)')
      .option('--report <file>', 'also write the per-package report (JSON; modules for `vigil integrity generate --from-report`)')
      .option('--project <dir>', 'the value of ${project}', '.')
      .option('--allow-partial', 'write the policy even when the command failed (it then covers only what ran)')
      .action(
        action(async (context, words: string[], options: InferOptions) => {
          const { InputError } = await import('../../errors.js');
          const { join, resolve } = await import('node:path');
          const { writeFileAtomic } = await import('../../util/atomic-write.js');
          const runtime = await import('../../runtime/index.js');
          // A mistyped --project was created by the policy write; it must exist (issue #17).
          const variables = runtime.policyVariables(requireExistingPath(context.cwd, options.project ?? '.', '--project', 'directory'));
          const output = resolve(context.cwd, options.output ?? join(variables.project, runtime.POLICY_FILE_NAME));
          const inference = await runtime.inferFromCommand({ cwd: context.cwd, env: context.env, command: words, variables, stdio: context.json ? 'pipe' : 'inherit' });
          const text = runtime.serialisePolicy(inference.policy);
          if (inference.exitCode !== 0 && !options.allowPartial) {
            // A failed run saw only part of what the program does: a policy from it would break the next run, or hide what it skipped.
            throw new InputError(`${words.join(' ')} exited with ${inference.exitCode}; a policy from a failed run covers only what ran, so ${output} was not written (fix the run, or pass --allow-partial to write it anyway)`);
          }
          // 0644: vigil run refuses a permissions file others can write.
          // The default policy goes inside the project and may not leave it through a symlink.
          await writeFileAtomic(output, text, { mode: 0o644, ...(options.output ? {} : { root: variables.project }) });
          const report = { command: words, exitCode: inference.exitCode, project: variables.project, packages: inference.packages, modules: inference.modules };
          if (options.report) await writeFileAtomic(resolve(context.cwd, options.report), toJson(report), 0o644);
          const pin = runtime.policyPin(text);
          if (context.json) context.print(toJson({ output, pin, policy: inference.policy, ...report }));
          else {
            context.print(`\nwrote ${output} (pin: ${pin})`);
            context.print(
              renderTable(inference.packages, [
                { header: 'package', value: (row) => row.package },
                { header: 'read', value: (row) => String(row.read.length), align: 'right' },
                { header: 'write', value: (row) => String(row.write.length), align: 'right' },
                { header: 'net', value: (row) => String(row.net.length), align: 'right' },
                { header: 'processes', value: (row) => String(row.processes.length), align: 'right' },
                { header: 'env', value: (row) => String(row.env.length), align: 'right' },
              ]),
            );
            const sentences = inference.packages.flatMap((entry) => runtime.describeAccess(entry).filter((line) => !/ read \$\{project\}/.test(line)));
            if (sentences.length > 0) context.print(`\nreview (cut what should not be there):\n${sentences.map((line) => `  - ${line}`).join('\n')}`);
          }
          const children = inference.policy.childProcess;
          if (children === true) context.logger.warn('vigil: WARNING: this policy allows ANY child process (childProcess: true); a child that is not Node escapes every rule');
          else if (Array.isArray(children) && children.length > 0) context.logger.warn(`vigil: the program started ${children.length} distinct command(s); only these may run under vigil run: ${children.join(', ')}`);
          if (inference.exitCode !== 0) {
            context.logger.warn(`vigil: WARNING: the command exited with ${inference.exitCode}; ${output} is PARTIAL (--allow-partial): it covers only what ran`);
            return 1;
          }
          return 0;
        }),
      );
    command
      .command('check')
      .description('warn about known gaps for a policy on this Node and machine: the network boundary, child processes, escaping symlinks, inherited descriptors, permission-model CVEs')
      .option('--permissions <file>', 'the permissions file', 'vigil-permissions.json')
      .option('--project <dir>', 'the value of ${project} (default: the permissions file directory)')
      .option('--node <path>', 'the Node binary the application runs on (default: node on PATH)')
      .option('--vuln-core <dir>', "the security-wg repository's vuln/core directory, for permission-model CVEs (default: runtime.vulnCore)")
      .action(
        action(async (context, options: CheckOptions) => {
          const { dirname, resolve } = await import('node:path');
          const runtime = await import('../../runtime/index.js');
          const { readCoreDirectory } = await import('../../formats/security-wg/core-entry.js');
          const file = resolve(context.cwd, options.permissions ?? 'vigil-permissions.json');
          const variables = runtime.policyVariables(options.project ? requireExistingPath(context.cwd, options.project, '--project', 'directory') : dirname(file));
          const policy = runtime.loadPolicy({ file, variables, ...(process.getuid ? { uid: process.getuid() } : {}) });
          const node = runtime.probeNode(options.node ? resolve(context.cwd, options.node) : runtime.resolveCommand('node', context.cwd, context.env.PATH));
          const bwrap = runtime.cachedBubblewrap(context.env);
          const host = { platform: process.platform, bwrap, namespaces: runtime.cachedNamespaces(context.env) !== null, ...(bwrap ? {} : { sandboxMissing: runtime.sandboxMissingReason(context.env) }) };
          const gaps = [...runtime.childProcessGaps(policy, bwrap), ...runtime.networkGaps(policy, host), ...runtime.nodeGaps(policy, node), ...runtime.escapingSymlinks(policy), ...runtime.inheritedDescriptors()];
          const vulnCore = options.vulnCore ?? context.config().runtime.vulnCore;
          if (vulnCore) gaps.push(...runtime.permissionCves(node.version, (await readCoreDirectory(resolve(context.cwd, vulnCore))).entries));
          else gaps.push({ level: 'note', topic: 'cve', message: 'permission-model CVEs not checked: give --vuln-core <security-wg/vuln/core>' });
          if (context.json) context.print(toJson({ policy: file, node: node.version, gaps }));
          else {
            context.print(`${file} on node ${node.version}`);
            context.print(renderTable(gaps, [{ header: 'level', value: (row) => row.level }, { header: 'topic', value: (row) => row.topic }, { header: 'gap', value: (row) => row.message }]));
          }
          return gaps.some((gap) => gap.level === 'warning') ? 1 : 0;
        }),
      );
  },
};
