/**
 * OpenVEX 0.2.0 statements about the reviewed product: `affected` for open findings, the triage
 * decision where there is one (not_affected with its justification, under_investigation,
 * affected with an action), and `fixed` where the installed version is at or past a fix. The
 * product is the reviewed product's purl and the component is a subcomponent, as OpenVEX models
 * a dependency. The document is built with formats/openvex/write.ts, the one OpenVEX writer.
 */
import { vexDocument, type VexStatement } from '../../formats/openvex/write.js';
import type { Finding, ReviewTarget } from '../types.js';
import type { Reporter } from './types.js';

function products(target: ReviewTarget, purl: string | null): VexStatement['products'] {
  return [{ '@id': target.product, ...(purl ? { subcomponents: [{ '@id': purl }] } : {}) }];
}

function vulnerability(id: string, aliases: string[], description?: string): VexStatement['vulnerability'] {
  const others = aliases.filter((alias) => alias !== id);
  return { name: id, ...(description ? { description } : {}), ...(others.length ? { aliases: others } : {}) };
}

function findingStatement(target: ReviewTarget, finding: Finding): VexStatement {
  const base = { vulnerability: vulnerability(finding.id, finding.aliases, finding.summary || undefined), products: products(target, finding.purl) };
  const triage = finding.triage;
  // OpenVEX's schema takes a justification or an impact statement, never both: with a label, the
  // triage reason goes into status_notes so the document still validates and keeps the why.
  if (triage?.status === 'not_affected') {
    return { ...base, status: 'not_affected', ...(triage.justification ? { justification: triage.justification, status_notes: triage.reason } : { impact_statement: triage.reason }) };
  }
  if (triage?.status === 'under_investigation') return { ...base, status: 'under_investigation' };
  // The reachability graph found no way to load the package (src/reachability): the evidence rides
  // in status_notes, as the schema forbids a justification and an impact statement together.
  if (!triage && finding.reachability?.status === 'not-reachable') return { ...base, status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', status_notes: finding.reachability.evidence };
  const action = triage?.status === 'affected' ? triage.reason : finding.nearestFix ? `Upgrade ${finding.package} to ${finding.nearestFix} or later.` : `No fixed version of ${finding.package} is known.`;
  return { ...base, status: 'affected', action_statement: action };
}

/**
 * Every statement of every target, in a stable order. Two release lines can name the same product
 * (two refs of a project whose package.json version did not move) and then say the same thing;
 * OpenVEX wants statements unique, so a repeat is dropped.
 */
export function reviewStatements(targets: ReviewTarget[]): VexStatement[] {
  const statements = new Map<string, VexStatement>();
  const add = (statement: VexStatement): void => {
    const key = JSON.stringify(statement);
    if (!statements.has(key)) statements.set(key, statement);
  };
  for (const target of targets) {
    for (const finding of target.findings) add(findingStatement(target, finding));
    for (const fixed of target.fixed) add({ vulnerability: vulnerability(fixed.id, fixed.aliases), products: products(target, fixed.purl), status: 'fixed' });
  }
  return [...statements.values()];
}

export const openvexReporter: Reporter = {
  id: 'openvex',
  description: 'OpenVEX 0.2.0 statements: affected, not_affected (triage), under_investigation, fixed',
  render(report, options) {
    const document = vexDocument(reviewStatements(report.targets), { author: options.author ?? 'Vigil', role: 'Document Creator', now: options.now });
    return `${JSON.stringify(document, null, 2)}\n`;
  },
};
