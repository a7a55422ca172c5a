import { join } from 'node:path';
import { updateClone } from '../../monitor/sources/clones.js';
import type { JobDefinition } from '../types.js';

/**
 * Review a project's release line: a shallow clone of the line (never run, only read), its
 * inventory against the shared advisory store, the project's stored triage decisions applied, the
 * snapshot recorded for the dashboard. Nothing
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
    // The triage file lives in the project's checkout, not on this machine: its decisions come
    // from the store (`vigil triage record`), so every worker sets aside the same findings.
    const project = `${payload.ref.org}/${payload.ref.repo}`;
    // The clone is a work tree (its findings carry no line), so entries scoped to lines are
    // chosen here: those for this line apply to the whole review, those for other lines do not.
    const line = payload.line ?? 'default branch';
    const { entries } = review.entriesFromDecisions(await context.store.records.triage(project));
    const forLine = entries.filter((entry) => entry.lines.length === 0 || entry.lines.includes(line)).map((entry) => ({ ...entry, lines: [] }));
    const report = await review.runReview({ inventories: [{ inventory }], lookup: context.store.advisories, triage: { file: null, entries: forLine }, now: new Date(payload.now) });
    for (const target of report.targets) target.line = line;
    for (const snapshot of review.snapshotsFromReport(report)) await context.store.records.recordReview({ ...snapshot, project });
  },
};
