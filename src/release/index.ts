/** The release area: the security-release process as steps over one vulnerabilities.json. */
export { applyPlan, type ApplyResult } from './apply.js';
export { createHackerOne, type HackerOne } from './hackerone.js';
export { releaseStatus } from './state.js';
export { planAddReport, planRemoveReport, planSetDate, planSetVersion, planStart, planSync, parseLines } from './steps/reports.js';
export { planRequestCves } from './steps/cves.js';
export { planNotify, planPostRelease, planPreRelease } from './steps/announce.js';
export { planFinalizeStep } from './steps/finalize.js';
export { planCleanup } from './steps/cleanup.js';
export type { ReleaseContext } from './steps/context.js';
export { validatePath, type ValidationProblem } from './validate.js';
export { loadSchedule, SCHEDULE_URL, syncSchedule, type ScheduleSync } from './schedule-sync.js';
export { lineStatus, type ReleaseSchedule } from './schedule.js';
export { proposeSecurityWgChanges, splitForProposal, type ProposalTarget } from './propose.js';
export type { ReleasePaths, StepPlan } from './types.js';
