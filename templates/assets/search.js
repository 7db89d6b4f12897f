// Full-text search with the Pagefind index the build writes to pagefind/ at the site root. The page
// says what to do instead when the index cannot load (no index, or the site opened from disk).
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
  try {
    pagefind = await import(new URL('../pagefind/pagefind.js', location.href).href);
    await pagefind.init();
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
    const search = await pagefind.search(query);
    const found = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (id !== latest) return;
    list.replaceChildren(...found.map(result));
    const n = search.results.length;
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
