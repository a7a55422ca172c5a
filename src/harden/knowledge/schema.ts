/**
 * The action knowledge base's format (STYLE.md rules 7–8): one YAML file per action repository,
 * `knowledge/actions/<owner>/<repo>.yml`, saying what the action does with the GitHub token.
 *
 *     repo: actions/checkout
 *     source: https://github.com/actions/checkout/blob/main/action.yml
 *     token-input: token            # the input carrying the token (default github.token)
 *     permissions:
 *       - scope: contents
 *         level: read
 *         reason: clones the repository
 *     paths:                        # actions in sub-folders (github/codeql-action/analyze)
 *       analyze: { token-input: token, permissions: [...] }
 *
 * A grant may hold only `when: { input: use_oidc, equals: 'true' }` (or `set: true`). `unknown:
 * <why>` marks an action whose needs depend on what it is given (actions/github-script).
 */
import { z } from 'zod';

export const PermissionGrant = z.strictObject({
  scope: z.enum([
    'actions',
    'attestations',
    'checks',
    'contents',
    'deployments',
    'discussions',
    'id-token',
    'issues',
    'packages',
    'pages',
    'pull-requests',
    'repository-projects',
    'security-events',
    'statuses',
  ]),
  level: z.enum(['read', 'write']),
  reason: z.string().min(3),
  when: z
    .strictObject({ input: z.string(), equals: z.string().optional(), set: z.boolean().optional(), contains: z.string().optional() })
    .optional(),
});
export type PermissionGrant = z.infer<typeof PermissionGrant>;

export const ActionKnowledge = z.strictObject({
  'token-input': z.string().optional(),
  permissions: z.array(PermissionGrant).default([]),
  unknown: z.string().optional(),
});
export type ActionKnowledge = z.infer<typeof ActionKnowledge>;

export const KnowledgeFile = z.strictObject({
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  source: z.url(),
  'token-input': z.string().optional(),
  permissions: z.array(PermissionGrant).default([]),
  unknown: z.string().optional(),
  paths: z.record(z.string(), ActionKnowledge).optional(),
});
export type KnowledgeFile = z.infer<typeof KnowledgeFile>;
