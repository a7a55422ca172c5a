import { fsReason, InputError } from '../../errors.js';
import { repoKey, type RepoOutcome, type RepoRef } from '../types.js';
import { outcomeFromJson, refFromName, ScorecardJson } from './scorecard-json.js';
import type { ScoreSource } from './source.js';
import { readInputText } from '../../util/read-input.js';
import { ScoreEntry } from '../formats/database.js';

/** A platform, org or repository name as GitHub and the scope file allow them. */
const REPO_PART = /^[A-Za-z0-9._-]+$/;

/** Parse a results file: one JSON v2 result, an array of them, or one per line (NDJSON). */
export function parseResults(text: string, file: string): Map<string, RepoOutcome> {
  const trimmed = text.trim();
  let values: unknown[];
  try {
    if (trimmed.startsWith('[')) values = JSON.parse(trimmed) as unknown[];
    else if (trimmed.startsWith('{') && !trimmed.includes('\n{')) values = [JSON.parse(trimmed)];
    else values = trimmed.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
  } catch (error) {
    throw new InputError(`${file}: not Scorecard JSON results (${(error as Error).message})`, { file });
  }
  if (values.length === 0) throw new InputError(`${file}: holds no Scorecard results (the file is empty)`, { file, hint: 'pass the results the Scorecard action or `scorecard --format json` wrote' });
  const outcomes = new Map<string, RepoOutcome>();
  values.forEach((value, index) => {
    const parsed = ScorecardJson.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new InputError(`${file}: result ${index + 1} is not a Scorecard JSON v2 result: at ${issue.path.join('.') || '(top level)'}: ${issue.message}`, { file });
    }
    const ref = refFromName(parsed.data.repo.name);
    const name = JSON.stringify(parsed.data.repo.name.slice(0, 80));
    if (!ref || ![ref.platform, ref.org, ref.repo].every((part) => REPO_PART.test(part))) throw new InputError(`${file}: result ${index + 1} names repository ${name}, expected platform/org/repo (letters, digits, ., _ and -)`, { file });
    // Checked here, before anything is recorded: what the database cannot hold refuses the file.
    const entry = ScoreEntry.safeParse({ score: parsed.data.score, date: parsed.data.date, commit: parsed.data.repo.commit });
    if (!entry.success) {
      const issue = entry.error.issues[0]!;
      throw new InputError(`${file}: result ${index + 1} (${name}): ${issue.path.join('.')}: ${issue.message}`, { file });
    }
    outcomes.set(repoKey(ref).toLowerCase(), outcomeFromJson(ref, parsed.data));
  });
  return outcomes;
}

/** Scores read from a file of Scorecard results (e.g. produced by a scorecard-action matrix). */
export async function resultsFileSource(file: string): Promise<ScoreSource> {
  let text: string;
  try {
    text = await readInputText(file, { kind: 'state' });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read results file ${file}: ${fsReason(error)}`, { file, cause: error });
  }
  const outcomes = parseResults(text, file);
  return {
    name: `file:${file}`,
    async prepare(refs) {
      if (refs.length === 0 || refs.some((ref) => outcomes.has(repoKey(ref).toLowerCase()))) return;
      const named = [...outcomes.values()].slice(0, 3).map((outcome) => `${outcome.ref.org}/${outcome.ref.repo}`);
      throw new InputError(`${file}: none of its ${outcomes.size} results is for a repository in the scope (${refs.length} repositories); it holds ${named.join(', ')}${outcomes.size > 3 ? ', …' : ''}`, {
        file,
        hint: 'check --results and --scope: nothing was scored, recorded or written',
      });
    },
    async score(ref: RepoRef) {
      const found = outcomes.get(repoKey(ref).toLowerCase());
      return found ? { ...found, ref } : { ref, ok: false, error: `${file} has no result for ${ref.org}/${ref.repo}` };
    },
  };
}
