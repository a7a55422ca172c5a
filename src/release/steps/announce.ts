import { join } from 'node:path';
import { InputError } from '../../errors.js';
import {
  affectedLines,
  announcementSlug,
  dependencyUpdates,
  downloads,
  fillTemplate,
  highestSeverity,
  impactByLine,
  longDate,
  releaseDay,
  reportSections,
  severityCounts,
} from '../announcements.js';
import { PRE_RELEASE_TEMPLATE, POST_RELEASE_TEMPLATE, TEMPLATE_FILES } from '../templates/default-templates.js';
import type { StepPlan } from '../types.js';
import { currentText, emptyPlan, planData, planWrite, requireData, type ReleaseContext } from './context.js';
import { validateVulnerabilitiesJson } from '../validate.js';

async function template(context: ReleaseContext, name: keyof typeof TEMPLATE_FILES): Promise<string> {
  if (context.templatesDir) {
    const override = await currentText(join(context.templatesDir, TEMPLATE_FILES[name]));
    if (override !== null) return override;
  }
  return name === 'pre-release' ? PRE_RELEASE_TEMPLATE : POST_RELEASE_TEMPLATE;
}

function refuseInvalid(plan: StepPlan, context: ReleaseContext, stage: 'announce' | 'publish'): boolean {
  const errors = validateVulnerabilitiesJson(context.data, context.paths.file, stage).filter((problem) => problem.severity === 'error');
  for (const problem of errors) plan.refusals.push(`${problem.path}: ${problem.message}`);
  return errors.length > 0;
}

function monthTitle(releaseDate: string): string {
  const day = releaseDay(releaseDate);
  return `${day.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })} ${day.getUTCFullYear()} Security Releases`;
}

/** `pre-release`: the pre-release announcement (summary, impact per line, highest severity, timing). */
export async function planPreRelease(context: ReleaseContext): Promise<StepPlan> {
  const plan = emptyPlan('pre-release');
  const data = requireData(plan, context);
  if (!data || refuseInvalid(plan, context, 'announce')) return plan;
  const releaseDate = data.releaseDate ?? '';
  const slug = announcementSlug(releaseDate);
  let text: string;
  try {
    text = fillTemplate(await template(context, 'pre-release'), {
      ANNOUNCEMENT_DATE: context.now.toISOString(),
      RELEASE_TITLE: monthTitle(releaseDate),
      SLUG: slug,
      AFFECTED_VERSIONS: affectedLines(data).join(', '),
      RELEASE_DATE: longDate(releaseDate),
      VULNERABILITIES: `${severityCounts(data)}\n\n${highestSeverity(data.reports)}`,
      IMPACT: impactByLine(data),
    });
  } catch (error) {
    if (error instanceof InputError) {
      plan.refusals.push(error.message);
      return plan;
    }
    throw error;
  }
  const path = join(context.outputDir, `${slug}.md`);
  await planWrite(plan, path, text, 'pre-release announcement');
  const link = `https://nodejs.org/en/blog/vulnerability/${slug}`;
  const reports = data.reports.map((report) => ({ ...report, announcement: report.announcement ?? link }));
  await planData(plan, context, { ...data, reports }, { step: 'pre-release', note: path });
  return plan;
}

/** `notify`: heads-up issues for nodejs/build and nodejs/docker-node, and the mailing-list and chat texts. */
export async function planNotify(context: ReleaseContext): Promise<StepPlan> {
  const plan = emptyPlan('notify');
  const data = requireData(plan, context);
  if (!data || refuseInvalid(plan, context, 'announce')) return plan;
  const day = releaseDay(data.releaseDate).toISOString().slice(0, 10).replaceAll('-', '/');
  for (const [repo, team] of [['build', 'build'], ['docker-node', 'docker']] as const) {
    plan.issues.push({
      owner: 'nodejs',
      repo,
      title: `[NEXT-SECURITY-RELEASE] Heads up on upcoming Node.js security release ${day}`,
      body: `As per security release workflow, creating issue to give the ${team} team a heads up.`,
    });
  }
  const slug = announcementSlug(data.releaseDate ?? '');
  const mail = [
    `Subject: Node.js security releases for the ${affectedLines(data).join(', ')} release lines on ${longDate(data.releaseDate ?? '')}`,
    '',
    `The Node.js project will release new versions of the ${affectedLines(data).join(', ')} release lines on or shortly after ${longDate(data.releaseDate ?? '')}.`,
    '',
    severityCounts(data),
    '',
    highestSeverity(data.reports),
    '',
    `Details: https://nodejs.org/en/blog/vulnerability/${slug}`,
    '',
  ].join('\n');
  await planWrite(plan, join(context.outputDir, 'mailing-list.txt'), mail, 'text for the nodejs-sec mailing list (send it yourself)');
  // One short paragraph for the chat channels (OpenJS Slack #nodejs-security-wg and the like).
  const chat = `Heads up: Node.js security releases for ${affectedLines(data).join(', ')} are planned on ${longDate(data.releaseDate ?? '')}. ${highestSeverity(data.reports)} Details: https://nodejs.org/en/blog/vulnerability/${slug}\n`;
  await planWrite(plan, join(context.outputDir, 'chat.txt'), chat, 'text for the chat channels (post it yourself)');
  await planData(plan, context, data, { step: 'notify', note: 'build and docker-node issues, mailing-list and chat texts' });
  return plan;
}

/** `post-release`: one section per report (highest severity first), credits, dependency updates, downloads. */
export async function planPostRelease(context: ReleaseContext): Promise<StepPlan> {
  const plan = emptyPlan('post-release');
  const data = requireData(plan, context);
  if (!data || refuseInvalid(plan, context, 'publish')) return plan;
  const releaseDate = data.releaseDate ?? '';
  const slug = announcementSlug(releaseDate);
  let text: string;
  try {
    text = fillTemplate(await template(context, 'post-release'), {
      ANNOUNCEMENT_DATE: releaseDay(releaseDate).toISOString(),
      RELEASE_TITLE: monthTitle(releaseDate),
      SLUG: slug,
      AUTHOR: 'The Node.js Project',
      AFFECTED_VERSIONS: affectedLines(data).join(', '),
      DEPENDENCY_UPDATES: dependencyUpdates(data),
      REPORTS: reportSections(data),
      DOWNLOADS: downloads(data),
    });
  } catch (error) {
    if (error instanceof InputError) {
      plan.refusals.push(error.message);
      return plan;
    }
    throw error;
  }
  const path = join(context.outputDir, `${slug}-post-release.md`);
  await planWrite(plan, path, text, 'post-release announcement');
  await planData(plan, context, data, { step: 'post-release', note: path });
  return plan;
}
