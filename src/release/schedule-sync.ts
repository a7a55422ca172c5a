import { readFile } from 'node:fs/promises';
import { fsReason, InputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { parseJsonBody, type HttpClient } from '../util/http.js';
import { ReleaseSchedule } from './schedule.js';
import { NODE_RELEASE_SCHEDULE } from './schedule-data.js';

/** Where nodejs/Release publishes the schedule; `--url` points elsewhere (a mirror, a test server). */
export const SCHEDULE_URL = 'https://raw.githubusercontent.com/nodejs/Release/main/schedule.json';

/** What `vigil release schedule sync` did. */
export interface ScheduleSync {
  file: string;
  lines: number;
  changed: boolean;
}

/**
 * Fetch nodejs/Release `schedule.json`, check it is a schedule (a broken answer never replaces the
 * copy we have), and write it atomically to `file`.
 */
export async function syncSchedule(http: HttpClient, url: string, file: string): Promise<ScheduleSync> {
  const answer = await http.request(url, { headers: { accept: 'application/json' } });
  const schedule = parseJsonBody(answer!.body, ReleaseSchedule, url);
  if (!Object.keys(schedule).some((key) => /^v\d+$/.test(key))) throw new InputError(`${url}: no release line in the schedule (expected keys like "v22")`);
  const text = `${JSON.stringify(schedule, null, 2)}\n`;
  const before = await readFile(file, 'utf8').catch(() => null);
  if (before !== text) await writeFileAtomic(file, text);
  return { file, lines: Object.keys(schedule).length, changed: before !== text };
}

/**
 * The schedule the release steps use: the synced copy when there is one, else the copy reviewed
 * into the source (`schedule-data.ts`), so no step needs the network.
 */
export async function loadSchedule(file: string): Promise<{ schedule: ReleaseSchedule; source: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { schedule: NODE_RELEASE_SCHEDULE, source: 'built-in copy' };
    throw new InputError(`${file}: cannot read: ${fsReason(error)}`, { file, cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON: ${(error as Error).message}`, { file, hint: 'run `vigil release schedule sync` again', cause: error });
  }
  const parsed = ReleaseSchedule.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`${file}: not a release schedule at ${issue.path.join('.') || '(root)'}: ${issue.message}`, { file, hint: 'run `vigil release schedule sync` again' });
  }
  return { schedule: parsed.data, source: file };
}
