/** Where Scorecard documents each check (the `documentation` field of its JSON results). */
export function checkDocumentation(name: string, short: string): { short: string; url: string } {
  return { short, url: `https://github.com/ossf/scorecard/blob/main/docs/checks.md#${name.toLowerCase()}` };
}
