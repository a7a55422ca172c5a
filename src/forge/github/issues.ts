import type { GitHubClient } from './client.js';

/** The hidden marker Vigil puts in an issue body so a re-run finds the same issue again. */
export function issueMarker(key: string): string {
  return `<!-- vigil:${key} -->`;
}

export interface IssueDraft {
  /** Stable identity: "review:CVE-2024-1234:openssl:v20.x". Found again through the hidden marker. */
  key: string;
  title: string;
  body: string;
  labels?: string[];
}

export interface IssueAction {
  action: 'create' | 'update' | 'unchanged' | 'close';
  key: string;
  title: string;
  number?: number;
  url?: string;
}

export interface ExistingIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  url: string;
  key: string | undefined;
}

const MARKER = /<!-- vigil:([^>]+?) -->/;

/** Every issue in a repository (open and closed) that carries a Vigil marker with this key prefix. */
export async function listMarkedIssues(client: GitHubClient, owner: string, repo: string, label?: string): Promise<ExistingIssue[]> {
  const issues = await client.paginate(client.rest.issues.listForRepo, { owner, repo, state: 'all', per_page: 100, ...(label ? { labels: label } : {}) });
  return issues
    .filter((issue) => issue.pull_request === undefined)
    .map((issue) => {
      const body = issue.body ?? '';
      return { number: issue.number, title: issue.title, body, state: issue.state as 'open' | 'closed', url: issue.html_url, key: MARKER.exec(body)?.[1] };
    })
    .filter((issue) => issue.key !== undefined);
}

/**
 * Plan what syncing `drafts` onto `existing` takes: create what is new, update what changed,
 * reopen nothing silently, and close (with a comment) what is no longer drafted. Pure.
 */
export function planIssueSync(drafts: IssueDraft[], existing: ExistingIssue[], options: { closeMissing: boolean; keyPrefix?: string }): IssueAction[] {
  const byKey = new Map(existing.map((issue) => [issue.key, issue]));
  const actions: IssueAction[] = [];
  for (const draft of drafts) {
    const found = byKey.get(draft.key);
    const body = withMarker(draft);
    if (!found) actions.push({ action: 'create', key: draft.key, title: draft.title });
    else if (found.state === 'closed' || found.body.trim() !== body.trim() || found.title !== draft.title) {
      actions.push({ action: 'update', key: draft.key, title: draft.title, number: found.number, url: found.url });
    } else actions.push({ action: 'unchanged', key: draft.key, title: draft.title, number: found.number, url: found.url });
  }
  if (options.closeMissing) {
    const drafted = new Set(drafts.map((draft) => draft.key));
    for (const issue of existing) {
      if (issue.state !== 'open' || issue.key === undefined || drafted.has(issue.key)) continue;
      if (options.keyPrefix && !issue.key.startsWith(options.keyPrefix)) continue;
      actions.push({ action: 'close', key: issue.key, title: issue.title, number: issue.number, url: issue.url });
    }
  }
  return actions;
}

/** The body as written to GitHub: the draft's body followed by its hidden marker. */
export function withMarker(draft: IssueDraft): string {
  return `${draft.body.trimEnd()}\n\n${issueMarker(draft.key)}\n`;
}

/** Carry out a plan made by planIssueSync. Returns the actions with numbers and URLs filled in. */
export async function applyIssueSync(
  client: GitHubClient,
  owner: string,
  repo: string,
  drafts: IssueDraft[],
  actions: IssueAction[],
  closeComment: string,
): Promise<IssueAction[]> {
  const draftByKey = new Map(drafts.map((draft) => [draft.key, draft]));
  const done: IssueAction[] = [];
  for (const action of actions) {
    const draft = draftByKey.get(action.key);
    if (action.action === 'create' && draft) {
      const { data } = await client.rest.issues.create({ owner, repo, title: draft.title, body: withMarker(draft), labels: draft.labels ?? [] });
      done.push({ ...action, number: data.number, url: data.html_url });
    } else if (action.action === 'update' && draft && action.number !== undefined) {
      await client.rest.issues.update({ owner, repo, issue_number: action.number, title: draft.title, body: withMarker(draft), state: 'open' });
      done.push(action);
    } else if (action.action === 'close' && action.number !== undefined) {
      await client.rest.issues.createComment({ owner, repo, issue_number: action.number, body: closeComment });
      await client.rest.issues.update({ owner, repo, issue_number: action.number, state: 'closed', state_reason: 'completed' });
      done.push(action);
    } else {
      done.push(action);
    }
  }
  return done;
}
