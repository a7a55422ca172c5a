/** `owner/name` of a checkout's GitHub remote (for `--pr`), or why there is none. */
import { git } from '../../forge/index.js';

/** Parses a remote URL on `host` (github.com, or a GitHub Enterprise host); null otherwise. */
export function parseGitHubRemote(url: string, host: string): { owner: string; repo: string } | null {
  const escaped = host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^(?:https?://(?:[^@/]+@)?|ssh://git@|git@)${escaped}[/:]([^/]+)/([^/]+?)(?:\\.git)?/?$`).exec(url.trim());
  return match ? { owner: match[1] ?? '', repo: match[2] ?? '' } : null;
}

export async function originRemote(root: string): Promise<string | null> {
  const url = await git(root, ['config', '--get', 'remote.origin.url']).catch(() => '');
  return url.trim() === '' ? null : url.trim();
}
