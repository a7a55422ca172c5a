import type { RepoView } from '../types.js';
import { FSF_OSI_APPROVED } from './approved-licenses.js';

export interface LicenseFacts {
  /** The first license file in listing order, with the SPDX id its name carries ("NOASSERTION" when none). */
  file: { path: string; spdxId: string; approved: boolean } | null;
}

// Scorecard's file-name heuristic (raw/license.go reLicenseFile), with Go's [[:digit:]] written \d.
const LICENSE_FILE = new RegExp(
  '^(?<lp>' +
    '(?<preSpdx>([0-9A-Za-z]+)((([-_.])\\d{1,2}[A-Za-z]{0,1}){0,5})(?<preSpdxExt>(([_-])?[0-9A-Za-z.])*))?' +
    '(?<pre>([-_]))?' +
    '(?<detectedFile>(patent(s)?|copy(ing|right)|LICEN[SC]E(S)?))' +
    '(?<suf>([-_./]))?' +
    '(?<sufSpdx>([0-9A-Za-z]+)((([-_.])\\d{1,2}[A-Za-z]{0,1}){0,5})(?<sufSpdxExt>(([_-])?[0-9A-Za-z.])*))?' +
    '(?<ext>([.]?[A-Za-z]+))?' +
    ')',
  'i',
);
const LICENSE_EXTENSIONS = /(\.adoc|\.asc|\.doc(x)?|\.ext|\.html|\.markdown|\.md|\.rst|\.txt|\.xml)/i;
const APPROVED = new Set(FSF_OSI_APPROVED.map((id) => id.toUpperCase()));

/** Go's path.Ext: from the last dot of the last element, or "". */
function goExt(path: string): string {
  for (let index = path.length - 1; index >= 0 && path[index] !== '/'; index--) if (path[index] === '.') return path.slice(index);
  return '';
}

const extensionOk = (ext: string): boolean => ext === '' || LICENSE_EXTENSIONS.test(ext);

/** Scorecard's checkLicense: is this path a license file, and which SPDX id does its name give? Pure. */
export function matchLicenseFile(name: string): { path: string; spdxId: string } | null {
  const match = LICENSE_FILE.exec(name);
  if (!match?.groups) return null;
  const group = (key: string): string => match.groups?.[key] ?? '';
  const detected = group('detectedFile');
  if (name === detected) return { path: detected, spdxId: '' };
  let spdx = group('preSpdx') || group('sufSpdx');
  if (spdx.toUpperCase() === 'UN') spdx = 'UNLICENSE';
  let ext = goExt(name);
  if (ext !== '' && ext.includes(detected)) ext = '';
  // validateSpdxIDAndExt
  if (spdx !== '') {
    if (ext !== '' && ext.includes(spdx)) spdx = '';
    if (ext !== '' && spdx !== '' && spdx.includes(ext)) {
      if (!extensionOk(ext) && /\.\d/.test(spdx)) ext = '';
      else spdx = spdx.split(ext).join('');
    } else if (ext !== '' && spdx !== '' && ext !== spdx) {
      if (ext !== group('ext')) spdx += group('ext');
    }
  }
  // getLicensePath
  const lp = group('lp');
  let path: string;
  if (lp !== name) {
    const folder = group('suf') === '/' ? detected + group('suf') : '';
    if (folder === '' && spdx === '') path = '';
    else path = lp + ext === name ? lp + ext : '';
  } else {
    path = extensionOk(ext) ? lp : '';
  }
  return path === '' ? null : { path, spdxId: spdx };
}

/** File names only: the offline check never reads the license text (as Scorecard's local mode). */
export function collectLicense(view: RepoView): Promise<LicenseFacts> {
  for (const file of view.files) {
    const found = matchLicenseFile(file.path);
    if (!found) continue;
    const spdxId = found.spdxId === '' ? 'NOASSERTION' : found.spdxId;
    return Promise.resolve({ file: { path: found.path, spdxId, approved: APPROVED.has(spdxId.toUpperCase()) } });
  }
  return Promise.resolve({ file: null });
}
