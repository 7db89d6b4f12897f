// Progressive enhancement for tables: sortable columns and facet filters. Every page is complete
// without this file; it only reorders rows and hides the ones a filter rules out.
'use strict';

/** The value a cell sorts by: its data-sort attribute when the shown text would sort wrongly. */
function sortKey(row, column) {
  const cell = row.cells[column];
  return cell ? (cell.dataset.sort ?? cell.textContent.trim()) : '';
}

function makeSortable(table) {
  const headers = [...table.tHead.rows[0].cells];
  const body = table.tBodies[0];
  headers.forEach((th, column) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort';
    button.append(...th.childNodes);
    th.append(button);
    button.addEventListener('click', () => {
      const ascending = th.getAttribute('aria-sort') !== 'ascending';
      for (const other of headers) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      const numeric = th.dataset.sortType === 'number';
      const rows = [...body.rows].sort((a, b) => {
        const x = sortKey(a, column);
        const y = sortKey(b, column);
        const order = numeric ? Number(x) - Number(y) : x.localeCompare(y, undefined, { numeric: true, sensitivity: 'base' });
        return ascending ? order : -order;
      });
      body.append(...rows);
    });
  });
}

/** Rows carry data-f-<name>="slug slug…"; a select named <name> keeps the rows holding its value. */
function makeFilter(form) {
  const table = document.getElementById(form.dataset.filterFor);
  if (!table) return;
  const rows = [...table.tBodies[0].rows];
  const selects = [...form.querySelectorAll('select')];
  const text = form.querySelector('input[name="q"]');
  const count = form.querySelector('[data-filter-count]');
  const fields = [text, ...selects].filter(Boolean);
  const params = new URLSearchParams(location.search);
  for (const field of fields) if (params.has(field.name)) field.value = params.get(field.name);

  function apply() {
    const query = text ? text.value.trim().toLowerCase() : '';
    let shown = 0;
    for (const row of rows) {
      const match =
        selects.every((s) => !s.value || (row.getAttribute(`data-f-${s.name}`) ?? '').split(' ').includes(s.value)) &&
        (!query || row.textContent.toLowerCase().includes(query));
      row.hidden = !match;
      if (match) shown++;
    }
    count.textContent = shown === rows.length ? `Showing all ${rows.length}` : `Showing ${shown} of ${rows.length}`;
    // Keep the filter in the address so a filtered view can be shared or bookmarked.
    const next = new URLSearchParams();
    for (const field of fields) if (field.value) next.set(field.name, field.value);
    const search = next.toString();
    try {
      history.replaceState(null, '', search ? `?${search}` : location.pathname);
    } catch {
      // Some browsers refuse to rewrite file: addresses; the filter still works.
    }
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('reset', () => setTimeout(apply));
  form.addEventListener('submit', (event) => event.preventDefault());
  form.hidden = false;
  apply();
}

for (const table of document.querySelectorAll('table[data-sortable]')) makeSortable(table);
for (const form of document.querySelectorAll('form[data-filter-for]')) makeFilter(form);
