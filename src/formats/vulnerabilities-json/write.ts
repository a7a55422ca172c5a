import { writeFileAtomic } from '../../util/atomic-write.js';
import type { VulnerabilitiesJson } from './schema.js';

/** Serialise as node-core-utils does (two-space JSON), so diffs between the tools stay small. */
export function serialiseVulnerabilitiesJson(data: VulnerabilitiesJson): string {
  return JSON.stringify(data, null, 2);
}

export async function writeVulnerabilitiesJson(file: string, data: VulnerabilitiesJson): Promise<void> {
  await writeFileAtomic(file, serialiseVulnerabilitiesJson(data));
}
