import { git, isShallow } from '../forge/git/cli.js';
import type { HistoryCommit, HistorySource } from './types.js';

const FIELD = '\u0000';
const RECORD = '\u001e';

/** Parse `git log --format=%H%x00%cI%x00%ae%x00%ce%x00%P%x00%B%x1e`. Pure, for tests. */
export function parseGitLog(output: string): HistoryCommit[] {
  const commits: HistoryCommit[] = [];
  for (const record of output.split(RECORD)) {
    const trimmed = record.replace(/^\n+/, '');
    if (trimmed === '') continue;
    const [sha = '', date = '', authorEmail = '', committerEmail = '', parents = '', ...message] = trimmed.split(FIELD);
    commits.push({ sha, date: new Date(date), authorEmail, committerEmail, parents: parents.split(' ').filter(Boolean), message: message.join(FIELD).trimEnd() });
  }
  return commits;
}

/**
 * The history of `commit`, read lazily and once (several checks share it). `shallow`, when the
 * caller already knows it (the view asked git), saves a git process.
 */
export async function gitHistory(root: string, commit: string, shallow?: boolean): Promise<HistorySource> {
  shallow ??= await isShallow(root);
  let cached: { limit: number; commits: Promise<HistoryCommit[]> } | undefined;
  return {
    shallow,
    commits(limit) {
      if (!cached || cached.limit < limit) {
        const format = `--format=%H${'%x00'}%cI${'%x00'}%ae${'%x00'}%ce${'%x00'}%P${'%x00'}%B%x1e`;
        cached = { limit, commits: git(root, ['log', `-n${limit}`, format, commit]).then(parseGitLog) };
      }
      const { commits } = cached;
      return commits.then((all) => all.slice(0, limit));
    },
  };
}
