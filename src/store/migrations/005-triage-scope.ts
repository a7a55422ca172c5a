/**
 * Triage decisions keep what the triage file says (src/review/README.md): the OpenVEX
 * justification, and the release lines an entry is scoped to. Two entries about the same
 * vulnerability and package for different lines are two decisions, so `lines` joins the key
 * (a JSON array of the sorted lines, `[]` = every line: a git ref may hold a comma). The table is rebuilt (neither backend can change a
 * primary key in place the same way); rows written by step 3 are kept, as unscoped decisions.
 * The same statements run on both backends.
 */
export const TRIAGE_SCOPE = `
CREATE TABLE triage_decision_scoped (
  project TEXT NOT NULL, vulnerability TEXT NOT NULL, package TEXT NOT NULL, lines TEXT NOT NULL,
  status TEXT NOT NULL, justification TEXT, reason TEXT NOT NULL, decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL, expires TEXT,
  PRIMARY KEY (project, vulnerability, package, lines));
INSERT INTO triage_decision_scoped (project, vulnerability, package, lines, status, justification, reason, decided_by, decided_at, expires)
  SELECT project, vulnerability, package, '[]', status, NULL, reason, decided_by, decided_at, expires FROM triage_decision;
DROP TABLE triage_decision;
ALTER TABLE triage_decision_scoped RENAME TO triage_decision;
`;
