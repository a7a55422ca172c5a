import { z, type ZodType } from 'zod';
import { ExternalHostError } from '../../errors.js';
import { safeExcerpt } from '../../util/redact.js';

/**
 * The shape of every GitHub REST answer Vigil reads, checked where the answer enters (issue #20):
 * a proxy, an echo or a server of the wrong kind is an error naming the URL, never `data.map is
 * not a function` three calls later. Only the fields Vigil reads are required; the rest passes.
 * Keyed by Octokit's route (`GET /orgs/{org}/repos`); a route missing here still has to answer
 * JSON of the right kind (object or array), and src/forge/github/answers.test.ts fails when code
 * calls a route this table does not know.
 */
const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/i, 'expected a commit SHA');
const label = z.union([z.string(), z.looseObject({ name: z.string().optional() })]);
const issue = z.looseObject({ number: z.number().int(), title: z.string(), state: z.string().optional(), body: z.string().nullish(), labels: z.array(label).optional(), html_url: z.string().optional() });
const pull = z.looseObject({ number: z.number().int(), html_url: z.string().optional(), head: z.looseObject({ ref: z.string() }).optional() });
const ref = z.looseObject({ ref: z.string().optional(), object: z.looseObject({ sha }) });
const withSha = z.looseObject({ sha });
const anyObject = z.looseObject({});

export const REST_ANSWERS: Record<string, ZodType> = {
  'GET /orgs/{org}/repos': z.array(z.looseObject({ name: z.string(), archived: z.boolean().optional(), fork: z.boolean().optional() })),
  'GET /repos/{owner}/{repo}': z.looseObject({ name: z.string().optional(), default_branch: z.string() }),
  'GET /repos/{owner}/{repo}/issues': z.array(issue),
  'POST /repos/{owner}/{repo}/issues': issue,
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': issue,
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': z.array(z.looseObject({ id: z.number().optional(), body: z.string().nullish() })),
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': z.looseObject({ id: z.number().optional(), html_url: z.string().optional() }),
  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': z.array(label),
  'GET /search/issues': z.looseObject({ total_count: z.number(), items: z.array(issue.extend({ repository_url: z.string() })) }),
  'GET /repos/{owner}/{repo}/pulls': z.array(pull),
  'POST /repos/{owner}/{repo}/pulls': pull,
  'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': pull,
  'GET /repos/{owner}/{repo}/git/ref/{ref}': ref,
  'POST /repos/{owner}/{repo}/git/refs': anyObject,
  'PATCH /repos/{owner}/{repo}/git/refs/{ref}': anyObject,
  'GET /repos/{owner}/{repo}/git/commits/{commit_sha}': z.looseObject({ sha, tree: withSha }),
  'POST /repos/{owner}/{repo}/git/commits': withSha,
  'POST /repos/{owner}/{repo}/git/trees': withSha,
  'POST /repos/{owner}/{repo}/git/blobs': withSha,
  'GET /repos/{owner}/{repo}/git/trees/{tree_sha}': z.looseObject({ sha, tree: z.array(z.looseObject({ path: z.string(), type: z.string() })) }),
  'GET /repos/{owner}/{repo}/contents/{path}': z.union([z.array(anyObject), z.looseObject({ path: z.string().optional(), content: z.string().optional(), encoding: z.string().optional() })]),
  'GET /repos/{owner}/{repo}/commits/{ref}': withSha,
  'GET /repos/{owner}/{repo}/tags': z.array(z.looseObject({ name: z.string(), commit: withSha })),
  'GET /repos/{owner}/{repo}/releases': z.array(z.looseObject({ tag_name: z.string() })),
  'GET /repos/{owner}/{repo}/hooks': z.array(anyObject),
  'GET /repos/{owner}/{repo}/contributors': z.array(z.looseObject({ login: z.string().optional() })),
  'POST /repos/{owner}/{repo}/statuses/{sha}': anyObject,
  'POST /graphql': z.looseObject({ data: z.unknown().optional(), errors: z.array(z.unknown()).optional() }),
};

const TEMPLATES = Object.keys(REST_ANSWERS).map((route) => {
  const [method, template] = route.split(' ') as [string, string];
  return { route, method, pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`) };
});

/**
 * Octokit's route for a request: the template it was called with, or (for the later pages of
 * `paginate`, which request absolute URLs) the template whose pattern the path matches.
 */
export function routeOf(method: string, url: string, baseUrl: string): string {
  if (!/^https?:\/\//.test(url)) return `${method} ${url}`;
  const base = baseUrl.replace(/\/+$/, '');
  const path = (url.startsWith(base) ? url.slice(base.length) : new URL(url).pathname).replace(/[?#].*$/, '');
  return TEMPLATES.find((entry) => entry.method === method && entry.pattern.test(path))?.route ?? `${method} ${path}`;
}

/** A route not in the table: at least JSON of a kind an API answers with. */
const ANY_ANSWER = z.union([z.array(z.unknown()), anyObject]);

/** Routes whose answer Vigil does not read as JSON (archives, raw files, empty bodies). */
function answerIsRead(status: number, data: unknown): boolean {
  return status !== 204 && status !== 304 && data !== undefined && !(data instanceof ArrayBuffer) && !(typeof data === 'string' && data === '');
}

/**
 * Check one answer against its route's schema; throws ExternalHostError naming the URL and the
 * first key that is wrong. `route` is Octokit's `METHOD /template`.
 */
export function checkAnswer(route: string, url: string, status: number, data: unknown, accept: string | undefined): void {
  if (!answerIsRead(status, data)) return;
  // Raw and archive media types are not JSON answers.
  if (accept && !/json/i.test(accept)) return;
  const schema = REST_ANSWERS[route] ?? ANY_ANSWER;
  const parsed = schema.safeParse(data);
  if (parsed.success) return;
  const first = parsed.error.issues[0];
  const where = first?.path.length ? first.path.join('.') : '(root)';
  const host = URL.canParse(url) ? new URL(url).host : 'GitHub';
  const got = typeof data === 'string' ? safeExcerpt(data, 80) : Array.isArray(data) ? 'an array' : data === null ? 'null' : typeof data === 'object' ? 'an object' : typeof data;
  throw new ExternalHostError(host, `${url}: not the answer GitHub gives to ${route}: at ${where}: ${first?.message ?? 'invalid'} (got ${got})`, {
    hint: 'is github.baseUrl right? a proxy or another service may be answering instead',
  });
}
