import type { Heading } from 'mdast';
import { Document, isScalar, isSeq } from 'yaml';
import type { Incident } from '../model/incident.generated.js';
import type { SectionKey } from '../model/sections.js';
import { parseMarkdown, sourceOf } from '../stages/markdown.js';

/**
 * The canonical document, shared by `pmkb new` (which writes it empty, with guidance) and `pmkb
 * import` (which fills it from a legacy postmortem): the SRE template's sections, in its order.
 */
export const CANONICAL_SECTIONS: ReadonlyArray<{ key: SectionKey; heading: string; guidance: string }> = [
  { key: 'summary', heading: 'Summary', guidance: 'Two or three sentences: what happened, for how long, and who was affected.' },
  { key: 'impact', heading: 'Impact', guidance: 'Who and what was hurt, and how much: users, requests, blocks, money, data.' },
  { key: 'rootCause', heading: 'Root Causes', guidance: 'Why it happened. Keep asking why until the answer is about the system, not a person.' },
  { key: 'trigger', heading: 'Trigger', guidance: 'What set it off: a deploy, a restart, an expiry, a spike, a change upstream.' },
  { key: 'resolution', heading: 'Resolution', guidance: 'What stopped the impact, and what fixed it for good.' },
  { key: 'detection', heading: 'Detection', guidance: 'How we found out (an alert, a user, a colleague) and how long that took.' },
  { key: 'actionItems', heading: 'Action Items', guidance: 'One task per line with its owner, e.g. "- [ ] Alert 21 days before expiry (owner: Dana Kim)".' },
  { key: 'lessons', heading: 'Lessons Learned', guidance: 'One lesson per bullet under each heading.' },
  { key: 'timeline', heading: 'Timeline', guidance: 'One bullet per event, oldest first: "- 09:04 The probe pages on-call." Start a new day line after midnight.' },
  { key: 'supporting', heading: 'Supporting information', guidance: 'Graphs, logs, chat threads, tickets and links.' },
];

export type LessonBucket = Exclude<keyof Incident['lessons'], 'learned'>;

/** Headings of the lessons sub-sections; pmkb reads each back into its bucket. */
export const LESSON_HEADINGS: Record<LessonBucket, string> = {
  wentWell: 'What went well',
  wentWrong: 'What went wrong',
  gotLucky: 'Where we got lucky',
};

export const comment = (text: string) => `<!-- ${text.replace(/--/g, '–')} -->`;

/**
 * YAML front matter with keys in the order given; lists named in `flow` are written `[a, b]` like the
 * canonical example, empty values as a bare `key:`, and `comments` (by key path, `trigger.category`)
 * after their value.
 */
export function frontMatterBlock(data: Record<string, unknown>, flow: readonly string[] = [], comments: Record<string, string> = {}): string {
  const doc = new Document(data);
  for (const key of flow) {
    const node = doc.get(key, true);
    if (isSeq(node)) node.flow = true;
  }
  for (const [key, text] of Object.entries(comments)) {
    const node = doc.getIn(key.split('.'), true);
    if (isScalar(node)) node.comment = ` ${text}`;
  }
  return `---\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false, nullStr: '' })}---\n`;
}

/** A heading's text as written: without its `#` markers (ATX) or its underline (setext). */
function headingText(written: string): string {
  if (!/^#/.test(written)) return written.replace(/\n[^\n]*$/, '').trim();
  return written.replace(/^#{1,6}/, '').replace(/(?:^|[ \t])#+[ \t]*$/, '').trim();
}

/**
 * Deepens the headings of a section body so none is shallower than `min`: under a `##` section, a
 * `## Details` copied from elsewhere would otherwise start a section of its own.
 */
export function nestHeadings(markdown: string, min = 3): string {
  const headings = parseMarkdown(markdown).children.filter((n): n is Heading => n.type === 'heading');
  const shallowest = Math.min(...headings.map((h) => h.depth));
  if (!headings.length || shallowest >= min) return markdown;
  const shift = min - shallowest;
  let out = markdown;
  for (const heading of [...headings].reverse()) {
    const start = heading.position!.start.offset!;
    const end = heading.position!.end.offset!;
    // Setext headings (text underlined with === or ---) become ATX; ATX ones keep their text as written.
    const text = headingText(sourceOf(markdown, [heading])).replace(/\s*\n\s*/g, ' ');
    out = `${out.slice(0, start)}${'#'.repeat(Math.min(heading.depth + shift, 6))} ${text}${out.slice(end)}`;
  }
  return out;
}
