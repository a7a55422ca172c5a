/** One space between words, no padding: how allow-list entries are compared. */
export function normaliseCommand(text: string): string;
/** The words of an entry, or null when it is shell syntax. */
export function splitWords(line: string): string[] | null;
/** Find a program the way execvp does: the path found, or null. */
export function findProgram(word: string, pathVariable: string | undefined, cwd: string): string | null;
/** Quote a word for a command line. */
export function quoteWord(word: string): string;

