import { UsageError } from '../errors.js';

/**
 * Ask before writing (STYLE rule 13): `--yes` answers for automation, a prompt asks on a
 * terminal, and anything else is refused rather than guessed. `alternative` names another way
 * out for the refusal message (e.g. "--dry-run").
 */
export async function confirm(question: string, options: { yes?: boolean; alternative?: string }): Promise<boolean> {
  if (options.yes) return true;
  if (!process.stdin.isTTY) {
    throw new UsageError(`${question} — refusing without --yes when not interactive${options.alternative ? ` (or use ${options.alternative})` : ''}`);
  }
  const { createInterface } = await import('node:readline/promises');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}
