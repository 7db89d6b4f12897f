import { describe, expect, it } from 'vitest';
import { DEFAULT_ZONES } from '../../../src/config/defaults.js';
import { findZone, resolveZone } from '../../../src/stages/extract/zones.js';

describe('zones', () => {
  it.each([
    ['2019-11-23 (all times Central Standard Time)', 'UTC-6'],
    ['2019-10-27 (all times UTC)', 'UTC'],
    ['All times in UTC.', 'UTC'],
    ['Date and Time in CET', 'UTC+1'],
    ['Time (UTC+2)', 'UTC+2'],
    ['Timestamps are PDT', 'UTC-7'],
    ['All times are in Europe/Copenhagen', 'Europe/Copenhagen'],
  ])('finds the zone declared in %j', (text, luxon) => {
    expect(findZone(text, DEFAULT_ZONES)?.luxon).toBe(luxon);
  });

  it('does not mistake ordinary words for zones', () => {
    expect(findZone('Preston restarts prod-7 and shifts traffic', DEFAULT_ZONES)).toBeNull();
    expect(findZone('we met et al. in the office', DEFAULT_ZONES)).toBeNull();
  });

  it('reads numeric offsets', () => {
    expect(resolveZone('+05:30', DEFAULT_ZONES)?.luxon).toBe('UTC+5:30');
    expect(resolveZone('GMT-3', DEFAULT_ZONES)?.luxon).toBe('UTC-3');
  });
});
