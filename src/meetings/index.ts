/** The meetings area: agenda, meeting issue and minutes in the WG's format. Other areas import from here. */
export { agendaQuery, groupByRepository, renderAgenda, searchAgenda } from './agenda.js';
export { nextFromIcal, nextFromRule } from './calendar.js';
export { DEFAULT_TIME_ZONES, meetingTitle, resolveGroup } from './group.js';
export { agendaHistory, type AgendaHistoryEntry } from './history.js';
export { findMeetingIssue, meetingKey, renderMeetingIssue, syncMeetingIssue } from './meeting-issue.js';
export { readMinutesFolder, roundTrip, type MinutesFile, type RoundTripResult } from './minutes/folder.js';
export { parseMinutes } from './minutes/parse.js';
export { renderMinutes } from './minutes/render.js';
export { minutesSkeleton } from './minutes/skeleton.js';
export { findNextMeeting, isNoMeeting, type CalendarReader, type NoMeeting } from './next-meeting.js';
export { draftMinutes, prepareMeeting, proposeMinutes, type MinutesDraft, type PrepareResult } from './prepare.js';
export { findingsLines, historiesFromMonitorDatabase, openFindingsFromReviews, scorecardDeltaLines, type ReviewedLine, type StandingFigures } from './standing.js';
export type * from './types.js';
export { formatLocal, timeTable, wallTimeToUtc } from './zoned-time.js';
