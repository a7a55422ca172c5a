import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { InputError } from '../errors.js';
import { nextFromIcal, nextFromRule } from './calendar.js';

const ics = readFileSync(new URL('./__fixtures__/wg-calendar-dst.ics', import.meta.url), 'utf8');
const next = (from: string, filter = 'Security-WG meeting') => nextFromIcal(ics, filter, { from: new Date(from), source: 'wg-calendar-dst.ics' });

describe('calendar: the next meeting from an iCal feed', () => {
  it('expands a bi-weekly rule in America/New_York across the March DST change', () => {
    assert.equal(next('2023-03-01T00:00:00Z')?.start, '2023-03-02T15:00:00.000Z', '10:00 EST');
    assert.equal(next('2023-03-03T00:00:00Z')?.start, '2023-03-16T14:00:00.000Z', '10:00 EDT, after the change on 12 March');
  });

  it('skips EXDATEs and cancelled occurrences, and follows a moved one', () => {
    assert.equal(next('2023-03-17T00:00:00Z')?.start, '2023-04-14T16:00:00.000Z', '30 March is excluded; 13 April moved to the 14th at 12:00 EDT');
    assert.equal(next('2023-04-15T00:00:00Z')?.start, '2023-05-11T14:00:00.000Z', '27 April is cancelled');
  });

  it('filters on the event name and answers undefined when nothing matches', () => {
    assert.equal(next('2023-03-01T00:00:00Z', 'tsc meeting')?.date, '2023-03-03');
    assert.equal(next('2023-03-01T00:00:00Z', 'Diagnostics WG'), undefined);
  });

  it('reports a broken recurrence rule with its line', () => {
    const broken = ics.replace('RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', 'RRULE:FREQ=FORTNIGHTLY;BYDAY=TH');
    assert.throws(
      () => nextFromIcal(broken, 'Security-WG', { from: new Date('2023-03-01T00:00:00Z'), source: 'broken.ics' }),
      (error: unknown) => error instanceof InputError && /FORTNIGHTLY/.test(error.message) && error.file === 'broken.ics' && error.line !== undefined,
    );
    const zero = ics.replace('INTERVAL=2', 'INTERVAL=0');
    assert.throws(() => nextFromIcal(zero, 'Security-WG', { from: new Date('2023-03-01T00:00:00Z'), source: 'zero.ics' }), /INTERVAL must be 1 or more/);
    assert.throws(() => nextFromIcal('not a calendar', 'x', { from: new Date(), source: 'junk.ics' }), /not a valid iCalendar file/);
  });
});

describe('calendar: a fixed rule', () => {
  it('keeps the wall time in its zone across daylight saving (Europe/London)', () => {
    const rule = (from: string) => nextFromRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', '2023-03-16T15:00', 'Europe/London', 'WG', { from: new Date(from), source: 'config' });
    assert.equal(rule('2023-03-01T00:00:00Z')?.start, '2023-03-16T15:00:00.000Z', 'GMT');
    assert.equal(rule('2023-03-17T00:00:00Z')?.start, '2023-03-30T14:00:00.000Z', 'BST from 26 March');
  });

  it('refuses an invalid rule or zone', () => {
    assert.throws(() => nextFromRule('FREQ=SOMETIMES', '2023-03-16T15:00', 'UTC', 'WG', { from: new Date(), source: 'config' }), InputError);
    assert.throws(() => nextFromRule('FREQ=WEEKLY', '2023-03-16T15:00', 'Mars/Olympus', 'WG', { from: new Date('2023-01-01'), source: 'config' }), /unknown time zone/);
  });
});
