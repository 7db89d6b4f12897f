import type { Listed } from '../model/site.js';

export const LESSON_KINDS = { wentWell: 'What went well', wentWrong: 'What went wrong', gotLucky: 'Where we got lucky', learned: 'Lessons' } as const;
export type LessonKind = keyof typeof LESSON_KINDS;

export interface LessonGroup {
  kind: LessonKind;
  title: string;
  count: number;
  /** Newest incident first, each with its items in the order written. */
  incidents: Array<{ incident: Listed; items: string[] }>;
}

/** Every lesson of every incident, by kind; kinds nobody wrote are left out. */
export function lessonDigest(incidents: readonly Listed[]): LessonGroup[] {
  return (Object.keys(LESSON_KINDS) as LessonKind[])
    .map((kind) => {
      const groups = incidents.filter((i) => i.lessons[kind].length > 0).map((incident) => ({ incident, items: incident.lessons[kind] }));
      return { kind, title: LESSON_KINDS[kind], count: groups.reduce((n, g) => n + g.items.length, 0), incidents: groups };
    })
    .filter((group) => group.count > 0);
}

export interface ActionRow {
  text: string;
  owner: string | null;
  status: 'open' | 'done' | null;
  incident: Listed;
  /** Whole days from the incident's date to the reference date; null when either is unknown. */
  ageDays: number | null;
}

/**
 * The day ages are counted to. Never the wall clock, so a rebuild of the same input is byte-identical:
 * the configured `now`, else the newest incident's date, else none.
 */
export function referenceDate(incidents: readonly Listed[], configured?: string | null): string | null {
  if (configured) return configured;
  return incidents.reduce<string | null>((newest, i) => (i.date && (!newest || i.date > newest) ? i.date : newest), null);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const STATUS_RANK = { open: 0, none: 1, done: 2 } as const;

/**
 * Every action item with its incident and age: open first, then those whose status nobody wrote,
 * then done; within each, the oldest first (they have waited longest), then in incident and list order.
 */
export function actionDigest(incidents: readonly Listed[], reference: string | null): ActionRow[] {
  const rows = incidents.flatMap((incident) =>
    incident.actionItems.map((item) => ({
      text: item.text,
      owner: item.owner ?? null,
      status: item.status ?? null,
      incident,
      ageDays: incident.date && reference ? Math.max(0, daysBetween(incident.date, reference)) : null,
    })),
  );
  const rank = (row: ActionRow) => STATUS_RANK[row.status ?? 'none'];
  // Array.prototype.sort is stable, so equal rows keep incident and list order.
  return rows.sort((a, b) => rank(a) - rank(b) || (b.ageDays ?? -1) - (a.ageDays ?? -1));
}
