/**
 * The harden area's model (STYLE.md rules 5–6): fixes take a file's text and return new text with
 * what changed and what was skipped; a plan gathers them per file, serialisable, before any write.
 */

/** Fix ids, as `--only` takes them. */
export type FixId = 'pin' | 'docker' | 'permissions' | 'update-tool';

/** One change a fix made, for the plan's report and the PR body. */
export interface Change {
  fix: FixId;
  path: string;
  line: number;
  description: string;
}

/** Something a fix found but would not change, and why (never guessed, never silent). */
export interface Skip {
  fix: FixId;
  path: string;
  line?: number;
  reason: string;
}

/** The result of one fix on one file's text. */
export interface FixResult {
  text: string;
  changes: Change[];
  skipped: Skip[];
}

/** One file of the plan: its text before and after every selected fix. */
export interface FilePlan {
  path: string;
  /** Null when the fix creates the file. */
  before: string | null;
  after: string;
  changes: Change[];
}

export interface HardenPlan {
  root: string;
  fixes: FixId[];
  files: FilePlan[];
  skipped: Skip[];
}

/** A commit an action ref resolves to, and the most specific tag naming that commit. */
export interface ResolvedAction {
  sha: string;
  /** `v4.1.7`; the ref itself for a branch; null for a bare sha. */
  version: string | null;
}

/** Resolves `owner/repo@ref` to a commit (STYLE.md rule 10: one method, several doors). */
export interface ActionResolver {
  /** Null when the repository or the ref does not exist (the `uses:` is then reported, not guessed). */
  resolveAction(repo: string, ref: string): Promise<ResolvedAction | null>;
}

/** Resolves an image reference (`node:20-alpine`) to its manifest digest (`sha256:…`). */
export interface ImageResolver {
  /** Null when the image or tag does not exist. */
  resolveImage(image: string): Promise<string | null>;
}

/** The repository's files as harden sees them: what exists, and each file's text on demand. */
export interface HardenInput {
  root: string;
  /** Repository-relative paths, `/`-separated. */
  paths: string[];
  read(path: string): Promise<string | null>;
}
