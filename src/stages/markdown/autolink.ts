import type MarkdownIt from 'markdown-it';
import type { StateInline } from 'markdown-it';

/**
 * GFM literal autolinks (`www.example.com`, `https://…`, `someone@example.com`) read while the
 * text is tokenized, before emphasis, as micromark-extension-gfm-autolink-literal reads them: a
 * URL keeps its underscores and stars, and trailing punctuation stays text. markdown-it's own
 * linkify follows other rules.
 */
export function autolinkLiterals(md: MarkdownIt): void {
  md.inline.ruler.before('text', 'autolink_literal', literal);
  md.inline.ruler.at('text', text);
}

const starts = new WeakMap<StateInline, number[]>();

/** Where a literal may start in this inline content, in order (the tokenizers decide whether one does). */
function candidates(state: StateInline): number[] {
  let found = starts.get(state);
  if (found) return found;
  found = [];
  const src = state.src;
  for (let at = src.indexOf('://'); at !== -1; at = src.indexOf('://', at + 3)) {
    const start = /https?$/i.exec(src.slice(Math.max(0, at - 5), at));
    const index = start ? at - start[0].length : -1;
    if (start && !isAlpha(src.charCodeAt(index - 1))) found.push(index);
  }
  for (const m of src.matchAll(/www\./gi)) if (m.index === 0 || /[ \t\n(*_[\]~]/.test(src[m.index - 1]!)) found.push(m.index);
  for (let at = src.indexOf('@'); at !== -1; at = src.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && isAtext(src.charCodeAt(start - 1))) start--;
    if (start < at && src.charCodeAt(start - 1) !== 0x2f) found.push(start);
  }
  found.sort((a, b) => a - b);
  starts.set(state, found);
  return found;
}

/** The first candidate after `pos`, or the end of the content. */
function nextCandidate(found: readonly number[], pos: number): number {
  let [low, high] = [0, found.length];
  while (low < high) {
    const mid = (low + high) >> 1;
    if (found[mid]! <= pos) low = mid + 1;
    else high = mid;
  }
  return found[low] ?? Number.POSITIVE_INFINITY;
}

const isCandidate = (found: readonly number[], pos: number) => found.length > 0 && nextCandidate(found, pos - 1) === pos;

/** markdown-it's text rule, also stopping where a literal autolink may start. */
function text(state: StateInline, silent: boolean): boolean {
  const from = state.pos;
  const limit = Math.min(state.posMax, nextCandidate(candidates(state), from));
  let pos = from;
  while (pos < limit && !isTerminator(state.src.charCodeAt(pos))) pos++;
  if (pos === from) return false;
  if (!silent) state.pending += state.src.slice(from, pos);
  state.pos = pos;
  return true;
}

function literal(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  const stops = candidates(state);
  if (stops.length === 0) return false;
  // `\h` escapes nothing: the backslash is text and a literal may start right after it.
  if (state.src.charCodeAt(start) === 0x5c && isCandidate(stops, start + 1) && !isAsciiPunctuation(state.src.charCodeAt(start + 1))) {
    if (!silent) state.pending += '\\';
    state.pos++;
    return true;
  }
  if (!isCandidate(stops, start) || insideLabel(state, start)) return false;
  // Within a link's text (the only time posMax stops short of the end) insideLabel has said no.
  const src = state.src;
  const ch = src.charCodeAt(start) | 0x20;
  let end = email(src, start);
  let url = end > start ? `mailto:${src.slice(start, end)}` : '';
  if (end < 0 && ch === 0x68) {
    end = protocol(src, start);
    url = src.slice(start, end);
  } else if (end < 0 && ch === 0x77) {
    end = /^www\.[^]/i.test(src.slice(start, start + 5)) ? domainAndPath(src, start) : -1;
    url = `http://${src.slice(start, end)}`;
  }
  if (end < 0) return false;
  if (!silent) {
    state.push('link_open', 'a', 1).attrs = [['href', url]];
    state.push('text', '', 0).content = src.slice(start, end);
    state.push('link_close', 'a', -1);
  }
  state.pos = end;
  return true;
}

const brackets = new WeakMap<StateInline, { at: number; depth: number }>();

/**
 * A `[` opened before `at` and not closed yet: GFM leaves literals inside link text alone. Counted
 * on from the last candidate, as candidates come in order.
 */
function insideLabel(state: StateInline, at: number): boolean {
  const src = state.src;
  const known = brackets.get(state);
  let [i, depth] = known && known.at <= at ? [known.at, known.depth] : [0, 0];
  for (; i < at; i++) {
    const c = src.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x5b) depth++;
    else if (c === 0x5d && depth > 0) depth--;
  }
  brackets.set(state, { at: i, depth });
  return depth > 0;
}

function email(src: string, start: number): number {
  let i = start;
  while (isAtext(src.charCodeAt(i))) i++;
  if (i === start || src.charCodeAt(i) !== 0x40) return -1;
  i++;
  let dot = false;
  let data = false;
  for (;;) {
    const c = src.charCodeAt(i);
    if (c === 0x2e && isAlphanumeric(src.charCodeAt(i + 1))) {
      dot = true;
      i++;
    } else if (c === 0x2d || c === 0x5f || isAlphanumeric(c)) {
      data = true;
      i++;
    } else break;
  }
  return data && dot && isAlpha(src.charCodeAt(i - 1)) ? i : -1;
}

function protocol(src: string, start: number): number {
  const m = /^https?:\/\//i.exec(src.slice(start, start + 8));
  if (!m) return -1;
  const after = src.charCodeAt(start + m[0].length);
  if (Number.isNaN(after) || after < 0x20 || after === 0x7f || isWhitespace(after) || isPunctuation(after)) return -1;
  return domainAndPath(src, start + m[0].length);
}

function domainAndPath(src: string, start: number): number {
  const end = domain(src, start);
  return end < 0 ? -1 : path(src, end);
}

function domain(src: string, start: number): number {
  let underscoreInLast = false;
  let underscoreInLastButOne = false;
  let seen = false;
  let i = start;
  for (;;) {
    const c = src.charCodeAt(i);
    if (c === 0x2e || c === 0x5f) {
      if (isTrail(src, i)) break;
      if (c === 0x5f) underscoreInLast = true;
      else [underscoreInLastButOne, underscoreInLast] = [underscoreInLast, false];
      i++;
      continue;
    }
    if (Number.isNaN(c) || isWhitespace(c) || (c !== 0x2d && isPunctuation(c))) break;
    seen = true;
    i++;
  }
  return underscoreInLast || underscoreInLastButOne || !seen ? -1 : i;
}

const PATH_PUNCTUATION = new Set([...'!"&\')*,.:;<?]_~'].map((c) => c.charCodeAt(0)));

function path(src: string, start: number): number {
  let open = 0;
  let close = 0;
  let i = start;
  for (;;) {
    const c = src.charCodeAt(i);
    if (c === 0x28) open++;
    else if (c === 0x29 && close < open) close++;
    else if (PATH_PUNCTUATION.has(c)) {
      if (isTrail(src, i)) return i;
      if (c === 0x29) close++;
    } else if (Number.isNaN(c) || isWhitespace(c)) return i;
    i++;
  }
}

const TRAIL = new Set([...'!"\')*,.:;?_~'].map((c) => c.charCodeAt(0)));

/** Whether everything from `i` to the next whitespace is punctuation that ends a sentence, not a URL. */
function isTrail(src: string, i: number): boolean {
  for (;;) {
    const c = src.charCodeAt(i);
    if (TRAIL.has(c)) i++;
    else if (c === 0x26) {
      const entity = /^&[A-Za-z]+;/.exec(src.slice(i, i + 40));
      if (!entity) return false;
      i += entity[0].length;
    } else if (c === 0x5d) {
      i++;
      const next = src.charCodeAt(i);
      if (Number.isNaN(next) || next === 0x28 || next === 0x5b || isWhitespace(next)) return true;
    } else return c === 0x3c || Number.isNaN(c) || isWhitespace(c);
  }
}

function isTerminator(c: number): boolean {
  // markdown-it's text rule stops at these: each may start some other construct.
  return c === 0x0a || c === 0x21 || c === 0x23 || c === 0x24 || c === 0x25 || c === 0x26 || c === 0x2a || c === 0x2b || c === 0x2d || c === 0x3a || c === 0x3c || c === 0x3d || c === 0x40 || c === 0x5b || c === 0x5c || c === 0x5d || c === 0x5e || c === 0x5f || c === 0x60 || c === 0x7b || c === 0x7d || c === 0x7e;
}

const isAsciiPunctuation = (c: number) => (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
const isAlpha = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isAlphanumeric = (c: number) => isAlpha(c) || (c >= 0x30 && c <= 0x39);
const isAtext = (c: number) => c === 0x2b || c === 0x2d || c === 0x2e || c === 0x5f || isAlphanumeric(c);
const isWhitespace = (c: number) => /\s/.test(String.fromCharCode(c));
const isPunctuation = (c: number) => /\p{P}|\p{S}/u.test(String.fromCharCode(c));
