import type { CheckDetail } from '../types.js';

/** Where Scorecard documents each check (the `documentation` field of its JSON results). */
export function checkDocumentation(name: string, short: string): { short: string; url: string } {
  return { short, url: `https://github.com/ossf/scorecard/blob/main/docs/checks.md#${name.toLowerCase()}` };
}

/**
 * The runner lists `workflow not parsed` Debug details as the result's processing problems
 * (run.ts), once per file and line whichever check reports them.
 */
export function unparsedWorkflowDetails(errors: { path: string; line?: number; message: string }[]): CheckDetail[] {
  return errors
    .filter((error) => error.message.includes('invalid workflow YAML: '))
    .map((error) => ({
      type: 'Debug' as const,
      message: `workflow not parsed: ${error.message.slice(error.message.indexOf('invalid workflow YAML: ') + 23)}`,
      path: error.path,
      ...(error.line ? { line: error.line } : {}),
    }));
}
