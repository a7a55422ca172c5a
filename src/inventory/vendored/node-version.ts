import type { Inventory } from '../types.js';
import { defineValue } from './parsers/c-header.js';

/**
 * Node itself from `src/node_version.h`: MAJOR.MINOR.PATCH, `-pre` when NODE_VERSION_IS_RELEASE
 * is 0 (as Node's own NODE_VERSION_STRING does), and the ABI numbers. Null when the defines are
 * not in a known form.
 */
export function parseNodeVersion(text: string): NonNullable<Inventory['node']> | null {
  const parts = ['NODE_MAJOR_VERSION', 'NODE_MINOR_VERSION', 'NODE_PATCH_VERSION'].map((name) => defineValue(text, name));
  if (!parts.every((part): part is string => part !== null && /^\d+$/.test(part))) return null;
  const isRelease = defineValue(text, 'NODE_VERSION_IS_RELEASE') === '1';
  const moduleVersion = Number(defineValue(text, 'NODE_MODULE_VERSION') ?? Number.NaN);
  const napiVersion = Number(defineValue(text, 'NAPI_VERSION') ?? Number.NaN);
  return {
    version: `${parts.join('.')}${isRelease ? '' : '-pre'}`,
    isRelease,
    ...(Number.isInteger(moduleVersion) ? { moduleVersion } : {}),
    ...(Number.isInteger(napiVersion) ? { napiVersion } : {}),
  };
}
