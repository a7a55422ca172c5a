import type { MinutesFile } from './minutes/folder.js';

/** How long one issue or pull request stayed on the agenda. */
export interface AgendaHistoryEntry {
  /** `owner/repo#number`. */
  key: string;
  repo: string;
  number: number;
  /** The title it was last listed under. */
  title: string;
  firstSeen: string;
  lastSeen: string;
  meetings: number;
  /** Days between the first and the last meeting that listed it. */
  days: number;
}

const DAY_MS = 86_400_000;

/**
 * From parsed minutes, every agenda item with an issue or PR number: first and last meeting that
 * listed it and how many did. Longest-standing first (then most meetings, then key).
 */
export function agendaHistory(files: MinutesFile[]): AgendaHistoryEntry[] {
  const byKey = new Map<string, { repo: string; number: number; title: string; dates: Set<string> }>();
  const dated = files.filter((file) => file.minutes.date !== undefined).sort((a, b) => (a.minutes.date ?? '').localeCompare(b.minutes.date ?? ''));
  for (const file of dated) {
    const date = file.minutes.date!;
    for (const section of file.minutes.sections) {
      for (const item of section.items) {
        if (item.number === undefined || item.repo === undefined) continue;
        const key = `${item.repo}#${item.number}`;
        const entry = byKey.get(key) ?? { repo: item.repo, number: item.number, title: '', dates: new Set<string>() };
        entry.dates.add(date);
        const title = item.title.trim();
        if (title !== '') entry.title = title;
        byKey.set(key, entry);
      }
    }
  }
  const entries = [...byKey].map(([key, entry]) => {
    const dates = [...entry.dates].sort();
    const firstSeen = dates[0]!;
    const lastSeen = dates[dates.length - 1]!;
    return { key, repo: entry.repo, number: entry.number, title: entry.title, firstSeen, lastSeen, meetings: dates.length, days: Math.round((Date.parse(lastSeen) - Date.parse(firstSeen)) / DAY_MS) };
  });
  return entries.sort((a, b) => b.days - a.days || b.meetings - a.meetings || a.key.localeCompare(b.key));
}
