import type { Command } from 'commander';
import { fsReason, InputError } from '../../errors.js';
import { action } from '../context.js';
import { renderTable, toJson } from '../../formats/table/render.js';
import type { CommandDefinition } from './registry.js';
import { readInputText } from '../../util/read-input.js';

interface GenerateOptions {
  root: string;
  output?: string;
  fromReport?: string;
  algorithm: string;
  signKey?: string;
}

export const integrityCommand: CommandDefinition = {
  name: 'integrity',
  summary: 'integrity manifests: SRI hashes of every module an application may load, optionally Ed25519-signed',
  configure(command: Command) {
    command.addHelpText(
      'after',
      `
A manifest lists every module file with its SRI hash; \`vigil run --integrity <manifest>\` refuses to
load anything else. With \`--public-key\`, run also requires <manifest>.sig, a detached Ed25519
signature by that key.

Examples:
  vigil integrity keygen --out release            # release.key (private, mode 600), release.pub
  vigil integrity generate --root . --sign-key release.key
  vigil integrity generate --from-report infer-report.json
  vigil integrity sign vigil-integrity.json --key release.key
  vigil integrity verify vigil-integrity.json --public-key release.pub
  vigil run --integrity vigil-integrity.json --public-key release.pub -- node app.js`,
    );
    command
      .command('generate')
      .description('hash every module under --root (or the modules an infer run loaded) into a manifest')
      .option('--root <dir>', 'the application root', '.')
      .option('--output <file>', 'the manifest (default: <root>/vigil-integrity.json)')
      .option('--from-report <file>', 'hash only the modules listed in a `vigil permissions infer --report` file')
      .option('--algorithm <name>', 'sha256, sha384 or sha512', 'sha384')
      .option('--sign-key <pem>', 'also write <manifest>.sig with this Ed25519 private key')
      .action(
        action(async (context, options: GenerateOptions) => {
          const { resolve, dirname, join } = await import('node:path');
          const { readFile } = await import('node:fs/promises');
          const { writeFileAtomic } = await import('../../util/atomic-write.js');
          const runtime = await import('../../runtime/index.js');
          if (!['sha256', 'sha384', 'sha512'].includes(options.algorithm)) throw new InputError(`--algorithm: expected sha256, sha384 or sha512, found ${options.algorithm}`);
          const root = resolve(context.cwd, options.root);
          const output = resolve(context.cwd, options.output ?? join(root, runtime.MANIFEST_FILE_NAME));
          const files = options.fromReport ? await runtime.modulesFromReport(resolve(context.cwd, options.fromReport)) : undefined;
          const manifest = await runtime.generateManifest({ root, manifestDir: dirname(output), algorithms: [options.algorithm as 'sha384'], ...(files ? { files } : {}) });
          const text = runtime.serialiseManifest(manifest);
          const signature = options.signKey
            ? runtime.signBytes(Buffer.from(text), runtime.readPrivateKey(await readFile(resolve(context.cwd, options.signKey), 'utf8'), options.signKey))
            : undefined;
          // The default manifest goes inside the application root and may not leave it through a symlink.
          const within = options.output ? {} : { root };
          await writeFileAtomic(output, text, within);
          if (signature) await writeFileAtomic(`${output}${runtime.SIGNATURE_SUFFIX}`, signature, within);
          const summary = { manifest: output, modules: Object.keys(manifest.files).length, app: manifest.app, signature: signature ? `${output}${runtime.SIGNATURE_SUFFIX}` : null };
          context.print(context.json ? toJson(summary) : `wrote ${output}: ${summary.modules} module(s)${signature ? `, signed (${summary.signature})` : ''}`);
          return 0;
        }),
      );
    command
      .command('keygen')
      .description('create an Ed25519 key pair for signing manifests')
      .requiredOption('--out <prefix>', 'writes <prefix>.key (private, mode 600) and <prefix>.pub')
      .action(
        action(async (context, options: { out: string }) => {
          const { resolve } = await import('node:path');
          const { existsSync } = await import('node:fs');
          const { writeFileAtomic } = await import('../../util/atomic-write.js');
          const runtime = await import('../../runtime/index.js');
          const prefix = resolve(context.cwd, options.out);
          if (existsSync(`${prefix}.key`)) throw new InputError(`${prefix}.key already exists; refusing to overwrite a private key`, { file: `${prefix}.key` });
          const keys = runtime.generateSigningKeys();
          await writeFileAtomic(`${prefix}.key`, keys.privateKey, 0o600);
          await writeFileAtomic(`${prefix}.pub`, keys.publicKey, 0o644);
          const fingerprint = runtime.keyFingerprint(runtime.readPublicKey(keys.publicKey, `${prefix}.pub`));
          context.print(context.json ? toJson({ privateKey: `${prefix}.key`, publicKey: `${prefix}.pub`, fingerprint }) : `wrote ${prefix}.key and ${prefix}.pub (${fingerprint})`);
          return 0;
        }),
      );
    command
      .command('sign <manifest>')
      .description('write <manifest>.sig, a detached Ed25519 signature over the manifest bytes')
      .requiredOption('--key <pem>', 'the Ed25519 private key')
      .action(
        action(async (context, manifest: string, options: { key: string }) => {
          const { resolve } = await import('node:path');
          const { readFile } = await import('node:fs/promises');
          const { writeFileAtomic } = await import('../../util/atomic-write.js');
          const runtime = await import('../../runtime/index.js');
          const file = resolve(context.cwd, manifest);
          const bytes = await readFile(file).catch((error: unknown) => {
            throw new InputError(`${file}: cannot read the manifest: ${fsReason(error)}`, { file });
          });
          runtime.parseManifest(bytes.toString('utf8'), file);
          const key = runtime.readPrivateKey(await readFile(resolve(context.cwd, options.key), 'utf8'), options.key);
          await writeFileAtomic(`${file}${runtime.SIGNATURE_SUFFIX}`, runtime.signBytes(bytes, key));
          context.print(`wrote ${file}${runtime.SIGNATURE_SUFFIX} (${runtime.keyFingerprint(key)})`);
          return 0;
        }),
      );
    command
      .command('verify <manifest>')
      .description('check the signature (with --public-key) and every listed file on disk; exit 1 when something differs')
      .option('--public-key <pem>', 'require <manifest>.sig to verify under this key')
      .action(
        action(async (context, manifest: string, options: { publicKey?: string }) => {
          const { resolve } = await import('node:path');
          const runtime = await import('../../runtime/index.js');
          const file = resolve(context.cwd, manifest);
          const launch = await runtime.prepareIntegrity({ manifest: file, ...(options.publicKey ? { publicKey: resolve(context.cwd, options.publicKey) } : {}) });
          const parsed = runtime.parseManifest(await readInputText(file, { kind: 'manifest' }), file);
          const problems = await runtime.verifyFilesOnDisk(file, parsed);
          if (context.json) context.print(toJson({ manifest: file, modules: launch.modules, signedBy: launch.signedBy ?? null, problems }));
          else {
            context.print(`${file}: ${launch.modules} module(s)${launch.signedBy ? `, signature verified (${launch.signedBy})` : ', signature not checked'}`);
            if (problems.length > 0) context.print(renderTable(problems, [{ header: 'file', value: (row) => row.file }, { header: 'problem', value: (row) => row.problem }]));
            else context.print('every listed file matches');
          }
          return problems.length > 0 ? 1 : 0;
        }),
      );
  },
};
