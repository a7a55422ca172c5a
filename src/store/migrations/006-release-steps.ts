/**
 * Release state in the store (`vigil release <step> --record`): every step carried out, appended
 * (release_state keeps only the newest state of a release; the steps say who did what when), and
 * an index for reading update checks by dependency across projects (`vigil updates --record` fills
 * update_check from the CLI too, so "which projects still run openssl 3.0.13" is asked of many rows).
 * The same statements run on both backends.
 */
export const RELEASE_STEPS = `
CREATE TABLE IF NOT EXISTS release_step (
  release TEXT NOT NULL, step TEXT NOT NULL, recorded_at TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT NOT NULL,
  PRIMARY KEY (release, recorded_at, step));
CREATE INDEX IF NOT EXISTS update_check_by_dependency ON update_check (dependency, project, checked_at);
`;
