import { existsSync } from 'node:fs';
import { renderTable, toJson } from '../../formats/table/render.js';
import type { CommandContext } from '../context.js';
import type { ReleaseStepRecord } from '../../store/index.js';

/**
 * The release's name in the store: its release date (`2026/12/15` → `2026-12-15`) once set, else
 * `next-security-release` (the folder node-core-utils keeps it in until cleanup).
 */
export function releaseName(releaseDate: string | undefined): string {
  return releaseDate ? releaseDate.replace(/\//g, '-') : 'next-security-release';
}

/**
 * Keep a step carried out in the store, with where the release now stands (milestones only: the
 * reports' embargoed details stay in vulnerabilities.json, never in a store other machines share).
 */
export async function recordReleaseStep(
  context: CommandContext,
  file: string,
  step: Omit<ReleaseStepRecord, 'release' | 'recordedAt'>,
  fallbackDate: string | undefined,
  now: Date,
): Promise<void> {
  const release = await import('../../release/index.js');
  const { readVulnerabilitiesJson } = await import('../../formats/vulnerabilities-json/read.js');
  // After cleanup the file has moved with its folder: the date known before the step names the release.
  const data = existsSync(file) ? await readVulnerabilitiesJson(file) : null;
  const name = releaseName(data?.releaseDate ?? fallbackDate);
  const status = release.releaseStatus(data, { cleanedUp: data === null });
  const { openStore } = await import('../../store/index.js');
  const store = await openStore(context.config().db);
  try {
    const recordedAt = now.toISOString();
    await store.records.recordReleaseStep({ ...step, release: name, recordedAt }, status);
    context.logger.info(`recorded ${step.step} of release ${name} in ${store.location}`);
  } finally {
    await store.close();
  }
}

/** `vigil release history`: the steps the store holds, oldest first. */
export async function printReleaseHistory(context: CommandContext, releaseFilter: string | undefined): Promise<number> {
  const { openStore, isPostgresUrl } = await import('../../store/index.js');
  const db = context.config().db;
  if (!isPostgresUrl(db) && !existsSync(db)) {
    if (context.json) context.print(toJson({ steps: [] }));
    else context.print(`${db}: no store yet; record steps with \`vigil release <step> --record\``);
    return 0;
  }
  const store = await openStore(db, { readonly: true });
  try {
    const steps = await store.records.releaseSteps(releaseFilter);
    if (context.json) {
      context.print(toJson({ store: store.location, steps }));
      return 0;
    }
    if (steps.length === 0) {
      context.print(`${store.location}: no release steps recorded${releaseFilter ? ` for ${releaseFilter}` : ''}`);
      return 0;
    }
    context.print(
      renderTable(steps, [
        { header: 'release', value: (row) => row.release },
        { header: 'step', value: (row) => row.step },
        { header: 'recorded', value: (row) => row.recordedAt },
        { header: 'outcome', value: (row) => row.outcome },
        { header: 'written / issues', value: (row) => [...row.detail.written, ...row.detail.issues].join(', ') },
      ]),
    );
    return 0;
  } finally {
    await store.close();
  }
}
