import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

/** The project root, whichever file imports this. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `../shared/fixtures` beside the checkout (DESIGN.md: never copy them into the project). */
export const sharedFixtures = resolve(projectRoot, '..', 'shared', 'fixtures');

/** A path inside the shared fixtures. */
export function fixture(...parts: string[]): string {
  return join(sharedFixtures, ...parts);
}
