/** HTML helpers: every interpolated value goes through `escape`; pages are plain server-rendered HTML. */

export function escape(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

/** A tagged template whose `${}` values are escaped unless they are already `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let text = strings[0]!;
  values.forEach((value, index) => {
    const rendered = Array.isArray(value) ? value.map((item) => (item instanceof Html ? item.text : escape(item))).join('') : value instanceof Html ? value.text : value === undefined || value === null || value === false ? '' : escape(value);
    text += rendered + strings[index + 1]!;
  });
  return new Html(text);
}

export const raw = (text: string): Html => new Html(text);

/** Scorecard's bands, with text colours that keep WCAG AA contrast on their background. */
export function scoreBand(score: number): { background: string; label: string } {
  if (score < 0) return { background: '#e5e7eb', label: 'inconclusive' };
  if (score < 4) return { background: '#fecaca', label: 'low' };
  if (score < 7) return { background: '#fde68a', label: 'medium' };
  return { background: '#bbf7d0', label: 'good' };
}

const STYLE = `
:root { color-scheme: light; font-family: system-ui, sans-serif; color: #111827; background: #fff; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 3rem; line-height: 1.5; }
a { color: #1d4ed8; } a:focus-visible, button:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
nav ul { list-style: none; display: flex; gap: 1.5rem; padding: 0; margin: 0 0 1rem; border-bottom: 1px solid #d1d5db; }
nav a { display: inline-block; padding: .5rem 0; } nav a[aria-current="page"] { font-weight: 700; color: #111827; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; } caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid #e5e7eb; padding: .35rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.heat td.cell { text-align: center; font-variant-numeric: tabular-nums; min-width: 2.2rem; }
.muted { color: #4b5563; } .warn { color: #991b1b; }
svg text { font: 12px system-ui, sans-serif; fill: #374151; }
`;

export interface Page {
  title: string;
  /** Which navigation entry is current. */
  section: 'overview' | 'checks' | 'findings' | 'repository';
  body: Html;
}

export function layout(page: Page): string {
  const link = (href: string, label: string, section: Page['section']) =>
    html`<li><a href="${href}"${page.section === section ? raw(' aria-current="page"') : ''}>${label}</a></li>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · Vigil</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><p><strong>Vigil</strong> <span class="muted">— security working group dashboard</span></p>
<nav aria-label="Main"><ul>${[link('/', 'Overview', 'overview'), link('/checks', 'Checks by repository', 'checks'), link('/findings', 'Vulnerability findings', 'findings')]}</ul></nav></header>
<main id="main">
<h1>${page.title}</h1>
${page.body}
</main>
</body>
</html>
`.text;
}
