import { isDeepStrictEqual } from 'node:util';
import type { Config } from '../config/config.js';
import { Reporter } from '../diagnostics/diagnostic.js';
import type { Incident } from '../model/incident.generated.js';
import { extractLessons } from '../stages/extract/lessons.js';
import { parseMarkdown, plainText } from '../stages/markdown.js';
import { LESSON_HEADINGS, nestHeadings, type LessonBucket } from './canonical.js';

type Lessons = Incident['lessons'];

const BUCKETS = Object.keys(LESSON_HEADINGS) as LessonBucket[];

/** How pmkb reads `markdown` as the body of a `## Lessons Learned` section. */
function lessonsOf(markdown: string, config: Config): Lessons {
  const nodes = parseMarkdown(markdown).children;
  return extractLessons([{ key: 'lessons', title: 'Lessons Learned', line: 1, nodes }], { source: markdown, config, reporter: new Reporter('') });
}

const isPrefix = (got: Lessons, want: Lessons) =>
  (Object.keys(want) as Array<keyof Lessons>).every((b) => isDeepStrictEqual(got[b], want[b].slice(0, got[b].length)));

/**
 * The Lessons Learned section. A legacy page often splits lessons over sections ("Lessons Learned",
 * then "Where we got lucky") that pmkb merges into one, losing the later titles; this puts the
 * author's text back with a `### What went well`-style heading wherever the bucket changes, so it
 * reads back into the same buckets. Only when that cannot work are the lessons written one per
 * bullet from what pmkb read.
 */
export function lessonsMarkdown(incident: Incident, config: Config): string {
  const want = incident.lessons;
  const markdown = incident.sections.lessons?.markdown ?? '';
  return withBucketHeadings(markdown, want, config) ?? bucketLists(want);
}

function withBucketHeadings(markdown: string, want: Lessons, config: Config): string | null {
  let text = '';
  let from = 0;
  for (const node of parseMarkdown(markdown).children) {
    const [start, end] = [node.position!.start.offset!, node.position!.end.offset!];
    const options = [
      markdown.slice(from, end),
      ...BUCKETS.map((b) => `${markdown.slice(from, start)}### ${LESSON_HEADINGS[b]}\n\n${markdown.slice(start, end)}`),
    ];
    const fits = options.find((option) => isPrefix(lessonsOf(text + option, config), want));
    if (fits === undefined) return null;
    text += fits;
    from = end;
  }
  text += markdown.slice(from);
  return isDeepStrictEqual(lessonsOf(text, config), want) ? nestHeadings(text) : null;
}

function bucketLists(lessons: Lessons): string {
  const bullets = (items: readonly string[]) => items.map((item) => `- ${asMarkdown(item)}`).join('\n');
  const parts = lessons.learned.length ? [bullets(lessons.learned)] : [];
  for (const bucket of BUCKETS) if (lessons[bucket].length) parts.push(`### ${LESSON_HEADINGS[bucket]}`, bullets(lessons[bucket]));
  return parts.join('\n\n');
}

/** The item as written when it reads back as itself, else with markdown punctuation escaped. */
function asMarkdown(item: string): string {
  if (plainText(parseMarkdown(`- ${item}`)) === item) return item;
  return item.replace(/[\\`*_{}[\]()<>#+!|~-]/g, '\\$&');
}
