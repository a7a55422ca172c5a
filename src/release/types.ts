import type { VulnerabilitiesJson } from '../formats/vulnerabilities-json/schema.js';

/** The milestones of a security release, in order; `vigil release status` reports each. */
export const MILESTONES = ['start', 'reports', 'set-date', 'request-cves', 'pre-release', 'notify', 'post-release', 'finalize', 'cleanup'] as const;
export type Milestone = (typeof MILESTONES)[number];

/** A file a step writes; unchanged files are left alone, so re-running a step writes nothing new. */
export interface FileWrite {
  path: string;
  content: string;
  /** What is on disk now, null when the file does not exist. */
  before: string | null;
}

/** What a step will do, shown before anything is written (STYLE rule 13). Serialisable for --json. */
export interface StepPlan {
  step: string;
  /** One line per action, for the user to read before saying yes. */
  actions: string[];
  writes: FileWrite[];
  /** The vulnerabilities.json content after the step (written last, with the step recorded). */
  data: VulnerabilitiesJson | null;
  /** Set when the step cannot go on; nothing is written. */
  refusals: string[];
  /** Issues to open (notify); created or found again by title. */
  issues: { owner: string; repo: string; title: string; body: string }[];
}

/** Where the release lives: the security-release repository checkout and its folders. */
export interface ReleasePaths {
  /** Root of the security-release checkout. */
  root: string;
  /** `security-release/next-security-release`. */
  folder: string;
  /** `<folder>/vulnerabilities.json`. */
  file: string;
}
