import type { ListItem, RootContent } from 'mdast';
import { DateTime } from 'luxon';
import type { Config } from '../config/config.js';
import { Reporter } from '../diagnostics/diagnostic.js';
import type { Incident, TimelineEntry } from '../model/incident.generated.js';
import { parseWholeDate } from '../stages/extract/dates.js';
import { readMoment } from '../stages/extract/moment.js';
import { extractTimeline } from '../stages/extract/timeline.js';
import { parseMarkdown, plainText, sourceOf } from '../stages/markdown.js';
import { nestHeadings } from './canonical.js';

/**
 * The Timeline section in canonical form: each entry as `- HH:MM text` under a day line naming the
 * zone it was read in (`2019-11-23 (all times Central Standard Time)`), so it reads the same whatever
 * the config's date order or default zone. Everything else the author wrote there (notes, prose,
 * code, nested bullets, link definitions) stays where it was; only the old day lines go, because the
 * new ones replace them. Null when the section, read on its own, does not give the incident's entries.
 */
export function timelineMarkdown(incident: Incident, config: Config): string | null {
  const markdown = incident.sections.timeline?.markdown ?? '';
  const nodes = parseMarkdown(markdown).children;
  const read = (statedDate: string | null) => extractTimeline([{ nodes, source: markdown }], statedDate, { source: markdown, config, reporter: new Reporter('') });
  // The original was read with the stated date, or with none when the date came from the timeline.
  let entries = read(incident.date);
  if (!sameEntries(entries, incident.timeline)) entries = read(null);
  if (!sameEntries(entries, incident.timeline)) return null;

  const out = new TimelineOut(config);
  const isDayLine = (text: string) => Boolean(parseWholeDate(plainText(parseMarkdown(text)).replace(/\s*\([^)]*\)\s*:?$/, ''), config.dateOrder));
  for (const node of nodes) {
    const [from, to] = [node.position!.start.line, node.position!.end.line];
    const inside = entries.filter((e) => e.line >= from && e.line <= to);
    if (node.type === 'list' && inside.length) {
      for (const item of node.children) {
        const entry = inside.find((e) => e.line === item.children[0]?.position?.start.line);
        if (entry) out.entry(entry, tailOf(item, markdown));
      }
    } else if (node.type === 'table' && inside.length) {
      for (const entry of inside) out.entry(entry, '');
    } else if (node.type === 'paragraph' || node.type === 'heading') {
      const lines = node.type === 'heading' ? [sourceOf(markdown, [node])] : sourceOf(markdown, [node]).split('\n');
      lines.forEach((line, i) => {
        const entry = inside.find((e) => e.line === from + i);
        if (entry) out.entry(entry, '');
        else if (!isDayLine(line.replace(/^#+\s*/, ''))) out.keep(line, node.type === 'heading');
      });
    } else {
      out.keep(sourceOf(markdown, [node]), true);
    }
  }
  return nestHeadings(out.text());
}

/** Collects the section's blocks, starting a day line whenever the day or zone changes or text came between. */
class TimelineOut {
  private blocks: string[] = [];
  private bullets: string[] = [];
  private prose: string[] = [];
  private day: { day: string; zone: string } | null = null;
  private interrupted = true;

  constructor(private readonly config: Config) {}

  entry(entry: TimelineEntry, tail: string): void {
    const zone = entry.time ? (entry.zone ?? this.config.defaultZone) : (this.day?.zone ?? this.config.defaultZone);
    const changed = !this.day || this.day.day !== entry.day || (entry.time !== null && this.day.zone !== zone);
    if (entry.day && (changed || this.interrupted)) {
      this.flush();
      this.day = { day: entry.day, zone };
      this.blocks.push(`${entry.day} (all times ${zone})`);
    }
    this.flushProse();
    this.interrupted = false;
    this.bullets.push(`- ${this.bulletText(entry)}${tail ? `\n\n${tail}` : ''}`);
  }

  /** Text that is not an entry: a whole block, or one line of a paragraph (kept with its neighbours). */
  keep(text: string, block: boolean): void {
    this.flushBullets();
    if (block) {
      this.flushProse();
      this.blocks.push(text);
    } else {
      this.prose.push(text);
    }
    this.interrupted = true;
  }

  text(): string {
    this.flush();
    return this.blocks.join('\n\n');
  }

  private bulletText(entry: TimelineEntry): string {
    if (!entry.time) return entry.raw;
    const time = clockTime(entry);
    const plain = `${time} ${entry.text}`.trim();
    // "10:00 ET team deploys" would read ET as a zone: a dash keeps the text apart from the time.
    const moment = readMoment(plain, this.config, entry.day ? Number(entry.day.slice(0, 4)) : undefined);
    return moment.zone === null && moment.rest === entry.text ? plain : `${time} – ${entry.text}`;
  }

  private flushBullets(): void {
    if (this.bullets.length) this.blocks.push(this.bullets.join('\n'));
    this.bullets = [];
  }

  private flushProse(): void {
    if (this.prose.length) this.blocks.push(this.prose.join('\n'));
    this.prose = [];
  }

  private flush(): void {
    this.flushBullets();
    this.flushProse();
  }
}

/**
 * The time as written when it says on its own what pmkb read (`03:07`, `23:35:26~23:36:50`); otherwise
 * the clock time it resolved to, in 24 hours: `1:42` read as 13:42 after a "PM" heading, `9:40 AM`
 * and military `1506` become `13:42`, `09:40`, `15:06`.
 */
function clockTime(entry: TimelineEntry): string {
  if (!entry.local) return entry.time ?? '';
  const start = DateTime.fromISO(entry.local, { setZone: true });
  const end = entry.end ? DateTime.fromISO(entry.end).setZone(start.zone) : null;
  const [writtenStart, writtenEnd] = (entry.time ?? '').replace(/^~/, '').split('~');
  const shown = (written: string | undefined, dt: DateTime) => {
    const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(written ?? '');
    const same = m && +m[1]! === dt.hour && +m[2]! === dt.minute && +(m[3] ?? 0) === dt.second;
    return same ? written! : dt.toFormat(dt.second ? 'HH:mm:ss' : 'HH:mm');
  };
  return `${entry.approximate ? '~' : ''}${shown(writtenStart, start)}${end ? `~${shown(writtenEnd, end)}` : ''}`;
}

/** What a bullet holds after its first paragraph (nested bullets, code), re-indented under the new bullet. */
function tailOf(item: ListItem, markdown: string): string {
  const [first, second] = item.children as RootContent[];
  if (!first || !second) return '';
  const lines = markdown.split('\n').slice(second.position!.start.line - 1, item.position!.end.line);
  const indent = second.position!.start.column - 1;
  return lines.map((line) => (line.trim() ? `  ${line.slice(Math.min(indent, line.search(/\S/)))}` : '')).join('\n');
}

function sameEntries(a: readonly TimelineEntry[], b: readonly TimelineEntry[]): boolean {
  const key = (e: TimelineEntry) => JSON.stringify([e.at, e.end ?? null, e.day, e.time, e.zone, e.text]);
  return a.length === b.length && a.every((e, i) => key(e) === key(b[i]!));
}
