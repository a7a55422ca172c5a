import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseTimeZoneRow, timeTable, wallTimeToUtc } from './zoned-time.js';

describe('local time table', () => {
  const rows = ['US / Pacific=America/Los_Angeles', 'EU / Western=Europe/London', 'EU / Central=Europe/Paris', 'Tokyo=Asia/Tokyo', 'Sydney=Australia/Sydney'].map(parseTimeZoneRow);

  it('is right in the weeks when the US has changed clocks and Europe has not (2023-03-16 14:00 UTC)', () => {
    assert.deepEqual(
      timeTable(new Date('2023-03-16T14:00:00Z'), rows).map((row) => `${row.label}: ${row.local}`),
      [
        'US / Pacific: Thu 16-Mar-2023 07:00 (PDT)',
        'EU / Western: Thu 16-Mar-2023 14:00 (GMT)',
        'EU / Central: Thu 16-Mar-2023 15:00 (GMT+1)',
        'Tokyo: Thu 16-Mar-2023 23:00 (GMT+9)',
        'Sydney: Fri 17-Mar-2023 01:00 (GMT+11)',
      ],
    );
  });

  it('converts wall time to UTC on both sides of a change, and past a spring-forward gap', () => {
    const wall = (day: number, hour: number) => ({ year: 2023, month: 3, day, hour, minute: 0, second: 0 });
    assert.equal(wallTimeToUtc(wall(25, 15), 'Europe/London').toISOString(), '2023-03-25T15:00:00.000Z');
    assert.equal(wallTimeToUtc(wall(27, 15), 'Europe/London').toISOString(), '2023-03-27T14:00:00.000Z');
    assert.equal(wallTimeToUtc(wall(26, 1), 'Europe/London').toISOString(), '2023-03-26T01:00:00.000Z', '01:30 does not exist; after the gap');
  });

  it('rejects an unknown zone by name', () => {
    assert.throws(() => parseTimeZoneRow('Moon=Luna/Base'), /unknown time zone "Luna\/Base"/);
  });
});
