import type { List, RootContent } from 'mdast';
import type { Incident } from '../../model/incident.generated.js';
import { plainText, sourceOf } from '../markdown.js';
import type { ExtractContext } from './context.js';
import type { RawSection } from './structure.js';
import { sectionParts } from './sections.js';

type Lessons = Incident['lessons'];
type Bucket = keyof Lessons;

const LABELS: Array<[RegExp, Bucket]> = [
  [/^(?:what|things that)\s+went\s+(?:well|right)|^went well|^the good$/i, 'wentWell'],
  [/^(?:what|things that)\s+went\s+(?:wrong|badly|poorly)|^went wrong|^the bad$|^what could (?:have gone|be) better/i, 'wentWrong'],
  [/^(?:where|what|how)\s+we\s+got\s+lucky|^got lucky|^lucky/i, 'gotLucky'],
];

export function bucketOf(label: string): Bucket | null {
  const text = label.replace(/[*_:?]/g, '').trim();
  return LABELS.find(([re]) => re.test(text))?.[1] ?? null;
}

/**
 * Collects lesson items from every lessons section. The bucket comes from the section's own title
 * ("Where we got lucky"), a nested heading, or a label line such as `**What went well**`; items are
 * list items, or the lines of a paragraph under a label.
 */
export function extractLessons(sections: readonly RawSection[], ctx: ExtractContext): Lessons {
  const lessons: Lessons = { wentWell: [], wentWrong: [], gotLucky: [], learned: [] };
  for (const section of sections) {
    let bucket: Bucket = bucketOf(section.title) ?? 'learned';
    const blocks = sectionParts(section, ctx).flatMap((part) => part.nodes.map((node) => ({ node, source: part.source })));
    for (const { node, source } of blocks) {
      if (node.type === 'heading') {
        bucket = bucketOf(plainText(node)) ?? bucket;
      } else if (node.type === 'paragraph') {
        const lines = joinWrapped(sourceOf(source, [node]).split('\n'));
        const [first, ...rest] = lines;
        const labelled = first !== undefined ? bucketOf(first) : null;
        if (labelled) {
          bucket = labelled;
          lessons[bucket].push(...rest.map(clean).filter(Boolean));
        } else {
          lessons[bucket].push(...lines.map(clean).filter(Boolean));
        }
      } else if (node.type === 'list') {
        bucket = readList(node, bucket, lessons);
      }
    }
  }
  return lessons;
}

function readList(list: List, bucket: Bucket, lessons: Lessons): Bucket {
  for (const item of list.children) {
    const [head, ...tail] = item.children;
    const text = head ? plainText(head) : '';
    const labelled = bucketOf(text);
    const nested = tail.find((n): n is List => n.type === 'list');
    if (labelled && nested) {
      readList(nested, labelled, lessons);
    } else if (labelled && text.replace(/[*_:?]/g, '').trim().length < 40) {
      bucket = labelled;
    } else if (text) {
      lessons[bucket].push(plainText(item.children as RootContent[]));
    }
  }
  return bucket;
}

/** Joins hard-wrapped lines: a line starting in lower case continues the sentence above it. */
function joinWrapped(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (out.length > 0 && /^\s*[a-z(]/.test(line)) out[out.length - 1] += ` ${line.trim()}`;
    else out.push(line);
  }
  return out;
}

function clean(line: string): string {
  return line.replace(/^\s*(?:[-*+]|\d+\.)\s+/, '').replace(/\s+/g, ' ').trim();
}
