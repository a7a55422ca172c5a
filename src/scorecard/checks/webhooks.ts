import { forgeCheck } from './forge-check.js';
import { inconclusive, info, normalizeReason, proportionalScore, scored, warn } from './result.js';

const NAME = 'Webhooks';
type Hooks = { url: string; usesSecret: boolean }[] | null;

/** evaluation/webhooks.go: no hooks 10; all without secret 0; else the share with a secret. */
export function evaluateWebhooks(hooks: Hooks) {
  if (hooks === null) return inconclusive(NAME, 'forge', 'listing webhooks needs admin rights on the repository');
  if (hooks.length === 0) return scored(NAME, 'forge', 10, 'project does not have webhook');
  const details = hooks.map((hook) => (hook.usesSecret ? info('Webhook with token authorization found.', { path: hook.url }) : warn('Webhook without token authorization found.', { path: hook.url, remediation: 'Set a secret on the webhook so that its receiver can verify deliveries.' })));
  const without = hooks.filter((hook) => !hook.usesSecret).length;
  if (without === hooks.length) return scored(NAME, 'forge', 0, 'no hook(s) have a secret configured', details);
  if (without === 0) return scored(NAME, 'forge', 10, `All ${hooks.length} of the projects webhooks are configured with a secret`, details);
  const score = proportionalScore(hooks.length - without, hooks.length);
  return scored(NAME, 'forge', score, normalizeReason(`${without} out of the projects ${hooks.length} webhooks are configured without a secret`, score), details);
}

export const webhooks = forgeCheck<Hooks>({ name: NAME, risk: 'Critical', load: (forge) => forge.webhooks(), evaluate: evaluateWebhooks });
