import type { Status } from '../model/incident.generated.js';
import type { SectionKey } from '../model/sections.js';

/**
 * Everything pmkb knows about how people write postmortems is data here, not code in the extractors,
 * so a team can extend it from pmkb.config.yaml.
 */

/**
 * Phrases that map a written status onto the normalized one. Checked in this order and the first
 * phrase found (as whole words, any case) wins, so specific phrases come before general ones:
 * "Mitigated; In root cause investigation" is mitigated, "Action items in progress" is resolved.
 */
export const DEFAULT_STATUSES: Array<[string, Status]> = [
  ['action items in progress', 'resolved'],
  ['draft', 'draft'],
  ['work in progress', 'draft'],
  ['wip', 'draft'],
  ['mitigated', 'mitigated'],
  ['workaround', 'mitigated'],
  ['under investigation', 'investigating'],
  ['investigating', 'investigating'],
  ['investigation', 'investigating'],
  ['ongoing', 'investigating'],
  ['in progress', 'investigating'],
  ['resolved', 'resolved'],
  ['solved', 'resolved'],
  ['running normally', 'resolved'],
  ['back to normal', 'resolved'],
  ['recovered', 'resolved'],
  ['fixed', 'resolved'],
  ['complete', 'resolved'],
  ['completed', 'resolved'],
  ['final', 'resolved'],
  ['closed', 'closed'],
  ['done', 'closed'],
  ['published', 'closed'],
];

/** Trigger categories and the words that put a trigger into them; checked in order, first match wins. */
export const DEFAULT_TRIGGERS: Array<[string, string[]]> = [
  ['unknown', ['tbd', 'yet to be determined', 'unknown', 'not known', 'under investigation', 'n/a']],
  ['deployment', ['rollout', 'rolled out', 'rolling out', 'canary', 'deploy', 'deployed', 'deployment', 'release', 'upgrade', 'migration', 'config change', 'configuration change', 'commit', 'merge', 'merged', 'pull request']],
  ['restart', ['restart', 'restarts', 'restarted', 'reboot', 'rebooted']],
  ['external-dependency', ['hard fork', 'hardfork', 'upstream', 'provider', 'third party', 'third-party', 'vendor', 'dependency', 'outage at']],
  ['scheduled-event', ['genesis', 'expiry', 'expired', 'expiration', 'scheduled', 'cron', 'leap second', 'certificate']],
  ['load', ['load', 'traffic', 'spike', 'surge', 'spam', 'overload', 'exhaustion', 'capacity']],
  ['security', ['attack', 'malicious', 'vulnerability', 'exploit', 'compromised', 'ddos']],
];

/** Category for a trigger that matches no rule. */
export const OTHER_TRIGGER = 'other';

/** Heading and field names for each narrative section, lower-cased. */
export const DEFAULT_SECTIONS: Record<SectionKey, string[]> = {
  summary: ['summary', 'tl;dr', 'tldr', 'overview', 'what happened', 'incident summary', 'executive summary', 'description'],
  impact: ['impact', 'customer impact', 'user impact'],
  rootCause: ['root cause', 'root causes', 'causes', 'cause', 'contributing factors', 'root cause analysis'],
  trigger: ['trigger', 'triggers'],
  resolution: ['resolution', 'mitigation', 'recovery', 'fix', 'remediation steps'],
  detection: ['detection', 'how was it detected'],
  lessons: ['lessons learned', 'lessons learnt', 'lessons', 'learnings', 'what went well', 'what went wrong', 'where we got lucky'],
  actionItems: ['action items', 'action item', 'follow-up', 'follow up', 'follow-ups', 'remediation', 'next steps', 'corrective actions', 'todo'],
  timeline: ['timeline', 'timeline of events', 'incident timeline'],
  supporting: ['supporting information', 'supporting info', 'appendix', 'references', 'links'],
};

/** Field names (as in `**Date:**` or `Date:`) that carry metadata rather than a narrative section. */
export const DEFAULT_FIELDS = {
  date: ['date', 'incident date', 'date of incident'],
  authors: ['authors', 'author', 'owners', 'owner', 'written by'],
  status: ['status', 'state'],
  network: ['network', 'networks', 'environment', 'chain'],
  severity: ['severity', 'sev', 'priority'],
  references: ['reference issues', 'references', 'reference', 'related issues', 'related links'],
  tags: ['tags', 'labels', 'category', 'categories'],
} as const;

export type FieldKey = keyof typeof DEFAULT_FIELDS;

/**
 * Time-zone names as authors write them. Abbreviations that name standard or daylight time are read
 * as that fixed offset (CST is UTC-6 even in July); generic names (PT, Central Time) follow the
 * region's daylight saving. IST is India Standard Time. Override any of them under `zones`.
 */
export const DEFAULT_ZONES: Record<string, string> = {
  utc: 'UTC', gmt: 'UTC', z: 'UTC', zulu: 'UTC', 'coordinated universal time': 'UTC',
  cet: 'UTC+1', cest: 'UTC+2', 'central european time': 'UTC+1', 'central european summer time': 'UTC+2',
  bst: 'UTC+1', 'british summer time': 'UTC+1',
  est: 'UTC-5', edt: 'UTC-4', 'eastern standard time': 'UTC-5', 'eastern daylight time': 'UTC-4',
  et: 'America/New_York', 'eastern time': 'America/New_York',
  cst: 'UTC-6', cdt: 'UTC-5', 'central standard time': 'UTC-6', 'central daylight time': 'UTC-5',
  ct: 'America/Chicago', 'central time': 'America/Chicago',
  mst: 'UTC-7', mdt: 'UTC-6', 'mountain standard time': 'UTC-7', 'mountain daylight time': 'UTC-6',
  pst: 'UTC-8', pdt: 'UTC-7', 'pacific standard time': 'UTC-8', 'pacific daylight time': 'UTC-7',
  pt: 'America/Los_Angeles', 'pacific time': 'America/Los_Angeles',
  jst: 'UTC+9', 'japan standard time': 'UTC+9',
  ist: 'UTC+5:30', 'india standard time': 'UTC+5:30',
  aest: 'UTC+10', aedt: 'UTC+11', sgt: 'UTC+8', hkt: 'UTC+8', kst: 'UTC+9',
};
