import { describe, expect, it } from 'vitest';
import { findDate, parseWholeDate } from '../../../src/stages/extract/dates.js';

describe('findDate', () => {
  it.each([
    ['2020/04/18', '2020-04-18'],
    ['2019-10-27', '2019-10-27'],
    ['26/11/2019', '2019-11-26'],
    ['11/24/2019', '2019-11-24'],
    ['Mar 20, 2025', '2025-03-20'],
    ['Mar 12, 2025, 18:00 UTC', '2025-03-12'],
    ['30th January 2023', '2023-01-30'],
    ['On Tuesday 22nd June 2021, changes to the VPC', '2021-06-22'],
    ['September 3rd, 2020', '2020-09-03'],
    ['Cosmos Hub incident - 2025/01/27', '2025-01-27'],
  ])('reads %s as %s', (text, expected) => {
    const found = findDate(text);
    expect(found?.date).toBe(expected);
    expect(found?.ambiguous).toBeUndefined();
  });

  it('reports a numeric date that reads both ways, and follows the configured order', () => {
    expect(findDate('03/04/2020', 'mdy')).toMatchObject({ date: '2020-03-04', ambiguous: { chosen: 'month/day (2020-03-04)' } });
    expect(findDate('03/04/2020', 'dmy')).toMatchObject({ date: '2020-04-03', ambiguous: { chosen: 'day/month (2020-04-03)' } });
  });

  it('rejects impossible dates and placeholders', () => {
    expect(findDate('2019-02-30')).toBeNull();
    expect(findDate('YYYY-MM-DD')).toBeNull();
    expect(findDate('20202-01-16')).toBeNull();
    expect(findDate('issue 4526')).toBeNull();
  });
});

describe('parseWholeDate', () => {
  it('accepts a line that is only a date, and nothing more', () => {
    expect(parseWholeDate('2019-11-23')?.date).toBe('2019-11-23');
    expect(parseWholeDate('**11/25/2019**')?.date).toBe('2019-11-25');
    expect(parseWholeDate('2019-11-23 Preston restarts prod-7')).toBeNull();
  });
});
