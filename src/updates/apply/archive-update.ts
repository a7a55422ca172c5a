import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../../errors.js';
import { vendoredDependencies } from '../../inventory/index.js';
import { assertClean, commitUpdate, recoverDirectory, type ApplyResult } from './apply.js';
import { readTarGz, readZipArchive, stripAndCheck, writeEntries } from './archive.js';
import { checksumFor, sha256, verifySha256 } from './checksum.js';
import { download, type DownloadOptions } from './download.js';
import { keptFiles, selectEntries } from './layout.js';
import type { ApplyPlan } from './plan.js';
import { listFiles } from './replace.js';
import { applyTemporaryDirectory } from './interrupted.js';

/** The archive's bytes, checked against upstream's checksum file when it publishes one; returns how it was checked. */
export async function downloadArchive(plan: ApplyPlan, options: DownloadOptions): Promise<{ data: Buffer; verification: string }> {
  const archive = plan.archive!;
  const data = await download(archive.url, options);
  if (!archive.checksumUrl) return { data, verification: `sha256 ${sha256(data)}, not verified: ${archive.unverified ?? 'upstream publishes no checksum'}` };
  const sums = (await download(archive.checksumUrl, options)).toString('utf8');
  const fileName = basename(new URL(archive.url).pathname);
  const expected = checksumFor(sums, fileName);
  if (!expected) throw new InputError(`${archive.checksumUrl} lists no sha256 for ${fileName}; refusing to write an unverified archive`);
  return { data, verification: `sha256 ${verifySha256(data, expected, archive.url, archive.checksumUrl)} matches ${basename(new URL(archive.checksumUrl).pathname)}` };
}

/**
 * Build the new directory in a temporary place, the way Node's script for the dependency does:
 * the checked archive entries it vendors, the extra files it fetches, then Node's own files from
 * the current directory. The version file is read back and must say the planned version.
 */
export async function stageArchive(root: string, plan: ApplyPlan, data: Buffer, options: DownloadOptions): Promise<string> {
  const archive = plan.archive!;
  const label = archive.url;
  const read = archive.format === 'zip' ? await readZipArchive(data, label) : await readTarGz(data, label);
  const entries = selectEntries(stripAndCheck(read, archive.strip, label), archive);
  if (entries.length === 0) throw new InputError(`${label}: none of its entries is one Node vendors (${archive.only?.join(', ') ?? 'all'}); nothing was written`);
  const extras = await Promise.all(archive.extra.map(async (file) => ({ path: file.path, data: await download(file.url, options) })));

  const staged = await applyTemporaryDirectory(plan.id);
  try {
    await writeEntries(staged, entries);
    for (const file of extras) await writeFile(join(staged, file.path), file.data);
    const current = join(root, plan.directory);
    for (const path of keptFiles(await listFiles(current), archive)) {
      await mkdir(dirname(join(staged, path)), { recursive: true });
      await cp(join(current, path), join(staged, path), { verbatimSymlinks: true });
    }
    await checkVersion(plan, staged, label);
    return staged;
  } catch (error) {
    await rm(staged, { recursive: true, force: true });
    throw error;
  }
}

/** The unpacked tree must be the version planned (a mislabelled archive is refused). */
async function checkVersion(plan: ApplyPlan, staged: string, label: string): Promise<void> {
  const file = plan.archive?.versionFile;
  const parser = vendoredDependencies.find((entry) => entry.id === plan.id)?.versionFiles[0]?.parser;
  if (!file || !parser) return;
  const text = await readFile(join(staged, file), 'utf8').catch(() => undefined);
  if (text === undefined) throw new InputError(`${label}: the archive has no ${file}, where ${plan.id}'s version is read; nothing was written`);
  const outcome = parser(text);
  const found = outcome.kind === 'found' ? outcome.version : `no version (${outcome.reason})`;
  if (found !== plan.to) throw new InputError(`${label}: its ${file} says ${found}, expected ${plan.to}; nothing was written`);
}

/**
 * Apply one planned archive update in a local clone: refuse a dirty tree, download and verify
 * (nothing is touched on a mismatch), unpack safely into a temporary directory, lay Node's kept
 * files over it, then replace the directory and commit on `actions/tools-update-<dep>`.
 */
export async function applyArchiveUpdate(root: string, plan: ApplyPlan, options: DownloadOptions): Promise<ApplyResult> {
  if (plan.skipReason || !plan.archive || !plan.to || !plan.from) throw new InputError(`${plan.id}: ${plan.skipReason ?? 'nothing to apply'}`);
  await recoverDirectory(root, plan);
  await assertClean(root);
  const { data, verification } = await downloadArchive(plan, options);
  const staged = await stageArchive(root, plan, data, options);
  try {
    return { ...(await commitUpdate(root, plan, staged)), verification };
  } finally {
    await rm(staged, { recursive: true, force: true });
  }
}
