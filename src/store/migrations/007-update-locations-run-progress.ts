/**
 * Two changes, the same statements on both backends:
 *
 * - Update checks of lockfile projects (`vigil updates <app> --record`). One package can sit in a
 *   project several times (two lockfiles, two workspaces, an `npm:` alias, two versions deep in
 *   the tree), so `location` joins the key: '' for a Node.js checkout's vendored copy (every row
 *   written before this step, and the workers' check-upstream jobs), else the lockfile entry
 *   (`package-lock.json: packages/a/package.json`). The table is rebuilt, as step 5 rebuilt
 *   triage_decision (neither backend changes a primary key in place the same way); rows are kept
 *   with location ''. Dropping the old table drops its index, so step 6's index is made again,
 *   with the location.
 * - Progress of a queued run is counted as results are recorded (`recorded`, `failed` on
 *   queue_run, moved in the same transaction as the result) instead of counting the run's scores
 *   after every job. Runs queued before this step get their counts from what they recorded.
 */
export const UPDATE_LOCATIONS_RUN_PROGRESS = `
CREATE TABLE update_check_located (
  project TEXT NOT NULL, dependency TEXT NOT NULL, location TEXT NOT NULL, checked_at TEXT NOT NULL,
  current TEXT, latest TEXT, error TEXT, detail TEXT NOT NULL,
  PRIMARY KEY (project, dependency, location, checked_at));
INSERT INTO update_check_located (project, dependency, location, checked_at, current, latest, error, detail)
  SELECT project, dependency, '', checked_at, current, latest, error, detail FROM update_check;
DROP TABLE update_check;
ALTER TABLE update_check_located RENAME TO update_check;
CREATE INDEX update_check_by_dependency ON update_check (dependency, project, location, checked_at);
CREATE INDEX update_check_by_project ON update_check (project, location, checked_at);
ALTER TABLE queue_run ADD COLUMN recorded INTEGER NOT NULL DEFAULT 0;
ALTER TABLE queue_run ADD COLUMN failed INTEGER NOT NULL DEFAULT 0;
UPDATE queue_run SET
  recorded = (SELECT count(DISTINCT repo_id) FROM monitor_score s WHERE s.run_id = queue_run.run_id),
  failed = (SELECT count(DISTINCT repo_id) FROM monitor_score s WHERE s.run_id = queue_run.run_id AND s.error IS NOT NULL);
`;
