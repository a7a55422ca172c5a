import type { ApplyResult } from './apply.js';
import { applyNpmUpdate } from './apply.js';
import { applyArchiveUpdate } from './archive-update.js';
import type { DownloadOptions } from './download.js';
import type { ApplyPlan } from './plan.js';

/** Apply one planned update the way its upstream publishes it: an npm tarball or a release archive. */
export function applyUpdate(root: string, plan: ApplyPlan, options: DownloadOptions): Promise<ApplyResult> {
  return plan.kind === 'archive' ? applyArchiveUpdate(root, plan, options) : applyNpmUpdate(root, plan, options);
}
