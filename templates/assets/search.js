// Full-text search with the Pagefind index the build writes to pagefind/ at the site root. A large
// site's index is in shards; pagefind/shards.json lists those that hold pages, and Pagefind merges
// them into one search.
// The page says what to do instead when the index cannot load (no index, or the site opened from disk).
'use strict';

const MAX_RESULTS = 20;

/** Pagefind excerpts are HTML with <mark> around hits: keep their text and marks, nothing else. */
function excerpt(html) {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  return [...doc.body.childNodes].map((node) => {
    if (node.nodeName !== 'MARK') return document.createTextNode(node.textContent ?? '');
    const mark = document.createElement('mark');
    mark.textContent = node.textContent;
    return mark;
  });
}

/**
 * Roughly the part of a word that Pagefind's English stemmer keeps ("endorsement" → "endors",
 * "failure" → "failur"): a prefix of every word it matches.
 */
function stemOf(word) {
  let stem = word.toLowerCase();
  const suffix = /(?:ations?|ments?|ings?|ions?|ness|ies|ied|ers?|es|ed|ly|s)$/.exec(stem);
  if (suffix && stem.length - suffix[0].length >= 3) stem = stem.slice(0, -suffix[0].length);
  return stem.length >= 5 ? stem.replace(/[ey]$/, '') : stem;
}

/**
 * The first results to show and how many there are. Pagefind searches each shard of a sharded
 * index on its own, and a shard without a word falls back to the longest prefix of it that it has:
 * "endorsement" finds pages that only say "end". So for each word found in some shard (its exact
 * search, stemmed, finds pages), a result is kept if it is one of those pages, or if a word it
 * matched starts with the word's stem ("failure" for "fail"); a shard's fallback matches neither.
 * Results are checked in rank order until the page is full; later ones are counted unchecked.
 */
async function searchShards(pagefind, query, sharded) {
  const { results } = await pagefind.search(query);
  const words = sharded && !query.includes('"') ? [...new Set(query.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)))] : [];
  const found = [];
  for (const word of words) {
    const exact = await pagefind.search(`"${word}"`);
    if (exact.results.length > 0) found.push({ stem: stemOf(word), pages: new Set(exact.results.map((r) => r.id)) });
  }
  const shown = [];
  let dropped = 0;
  for (let next = 0; shown.length < MAX_RESULTS && next < results.length; ) {
    const batch = results.slice(next, next + MAX_RESULTS - shown.length);
    next += batch.length;
    const pages = await Promise.all(batch.map((r) => r.data()));
    batch.forEach((result, i) => {
      const data = pages[i];
      const missing = found.filter((word) => !word.pages.has(result.id));
      if (missing.length > 0) {
        const content = data.content.split(/\s+/);
        const matched = data.locations.map((at) => (content[at] ?? '').toLowerCase().replace(/^[^\p{L}\p{N}]+/u, ''));
        if (!missing.every((word) => matched.some((m) => m.startsWith(word.stem)))) {
          dropped++;
          return;
        }
      }
      shown.push(data);
    });
  }
  return { shown, count: results.length - dropped };
}

function result(data) {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = new URL(data.url, location.href).href;
  link.textContent = data.meta.title || data.url;
  const text = document.createElement('p');
  text.append(...excerpt(data.excerpt));
  item.append(link, text);
  return item;
}

async function main() {
  const form = document.querySelector('[data-search]');
  const status = document.querySelector('[data-search-status]');
  const list = document.querySelector('[data-search-results]');
  if (!form || !status || !list) return;
  const input = form.querySelector('input[name="q"]');
  let pagefind;
  let sharded = false;
  try {
    const base = new URL('../pagefind/', location.href);
    const listed = await fetch(new URL('shards.json', base));
    if (!listed.ok) throw new Error(`pagefind/shards.json: ${listed.status}`);
    const { shards } = await listed.json();
    if (shards.length === 0) {
      status.textContent = 'There are no incidents to search yet.';
      return;
    }
    const [first, ...others] = shards.map((shard) => new URL(shard, base).href);
    pagefind = await import(new URL('pagefind.js', first).href);
    await pagefind.init();
    // Side by side: each shard loads its own entry and metadata.
    await Promise.all(others.map((shard) => pagefind.mergeIndex(shard)));
    sharded = others.length > 0;
  } catch {
    status.textContent = 'The search index could not be loaded (it needs the site served by a web server). ';
    const link = document.createElement('a');
    link.href = '../incidents/';
    link.textContent = 'Browse all incidents instead.';
    status.append(link);
    return;
  }
  status.textContent = 'Type a word to search every incident.';
  let latest = 0;
  async function run() {
    const query = input.value.trim();
    const id = ++latest;
    try {
      history.replaceState(null, '', query ? `?q=${encodeURIComponent(query)}` : location.pathname);
    } catch {
      // Some browsers refuse to rewrite file: addresses; searching still works.
    }
    if (!query) {
      list.replaceChildren();
      status.textContent = 'Type a word to search every incident.';
      return;
    }
    const { shown, count: n } = await searchShards(pagefind, query, sharded);
    if (id !== latest) return;
    list.replaceChildren(...shown.map(result));
    status.textContent = n === 0 ? `No incident mentions “${query}”.` : `${n} ${n === 1 ? 'incident mentions' : 'incidents mention'} “${query}”${n > MAX_RESULTS ? `; showing the first ${MAX_RESULTS}` : ''}.`;
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  input.addEventListener('input', run);
  const initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    input.value = initial;
    run();
  }
}

main();
