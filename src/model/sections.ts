/** The narrative sections pmkb recognizes, in the order an incident page shows them. */
export const SECTION_KEYS = [
  'summary',
  'impact',
  'rootCause',
  'trigger',
  'resolution',
  'detection',
  'lessons',
  'actionItems',
  'timeline',
  'supporting',
] as const;

export type SectionKey = (typeof SECTION_KEYS)[number];

export const SECTION_TITLES: Record<SectionKey, string> = {
  summary: 'Summary',
  impact: 'Impact',
  rootCause: 'Root cause',
  trigger: 'Trigger',
  resolution: 'Resolution',
  detection: 'Detection',
  lessons: 'Lessons learned',
  actionItems: 'Action items',
  timeline: 'Timeline',
  supporting: 'Supporting information',
};
