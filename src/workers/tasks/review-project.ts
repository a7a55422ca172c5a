import { join } from 'node:path';
import { updateClone } from '../../monitor/sources/clones.js';
import type { JobDefinition } from '../types.js';

/**
 * Review a project's release line: a shallow clone of the line (never run, only read), its
 * inventory against the shared advisory store, the snapshot recorded for the dashboard. Nothing
 * partial is recorded: the snapshot is written in one statement after the review succeeded.
 */
export const reviewProjectJob: JobDefinition<'review-project'> = {
  id: 'review-project',
  summary: 'review a project or one of its release lines against the advisory store and record the findings',
  async run(payload, context) {
    const directory = join(context.clonesDirectory, 'review-clones', payload.line ?? 'default');
    const path = await updateClone({ directory, gitBaseUrl: payload.gitBaseUrl, depth: 1, ...(payload.line ? { branch: payload.line } : {}) }, payload.ref);
    const { inventoryPath } = await import('../../inventory/index.js');
    const review = await import('../../review/index.js');
    const inventory = await inventoryPath(path, { installed: false });
    const report = await review.runReview({ inventories: [{ inventory }], lookup: context.store.advisories, triage: { file: null, entries: [] }, now: new Date(payload.now) });
    for (const target of report.targets) target.line = payload.line ?? target.line ?? 'default branch';
    for (const snapshot of review.snapshotsFromReport(report)) await context.store.records.recordReview({ ...snapshot, project: `${payload.ref.org}/${payload.ref.repo}` });
  },
};
