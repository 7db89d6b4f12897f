/**
 * The script `pmkb dev` adds to every page. It listens to the server's events, reloads the page when
 * the page itself or one of its stylesheets or scripts changed (and only then), and shows the
 * current errors in an overlay. Everything the overlay shows is set as text, never as HTML: messages
 * quote what authors wrote.
 */
export const CLIENT_SCRIPT = `(() => {
  const normal = (pathname) => {
    const p = decodeURIComponent(pathname);
    return p.endsWith('/') ? p + 'index.html' : p;
  };
  const own = () => [
    normal(location.pathname),
    ...[...document.querySelectorAll('link[rel=stylesheet][href], script[src]')].map((el) => normal(new URL(el.href || el.src, location.href).pathname)),
  ];
  const style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = '/__pmkb/overlay.css';
  document.head.append(style);

  let overlay = null;
  const text = (tag, value, className) => {
    const el = document.createElement(tag);
    el.textContent = value;
    if (className) el.className = className;
    return el;
  };
  const show = (state) => {
    overlay?.remove();
    overlay = null;
    const errors = state.diagnostics.filter((d) => d.severity === 'error');
    if (!errors.length && !state.failure && !state.stopped) return;
    overlay = document.createElement('section');
    overlay.id = 'pmkb-overlay';
    overlay.setAttribute('role', 'alert');
    const title = state.failure
      ? 'The rebuild failed: the pages shown are the last good ones.'
      : state.stopped
        ? 'pmkb dev no longer sees edits.'
        : errors.length + (errors.length === 1 ? ' error' : ' errors') + ': the files with errors show their last good pages.';
    overlay.append(text('h2', title));
    if (state.failure) overlay.append(text('pre', state.failure));
    if (state.stopped) overlay.append(text('pre', state.stopped));
    const list = document.createElement('ul');
    for (const d of errors) {
      const item = document.createElement('li');
      item.append(text('code', d.file + ':' + d.line + ':' + d.column), ' ', text('span', d.message), ' ', text('span', d.ruleId, 'rule'));
      if (d.hint) item.append(text('p', 'hint: ' + d.hint, 'hint'));
      list.append(item);
    }
    overlay.append(list);
    const close = text('button', 'Dismiss');
    close.type = 'button';
    close.addEventListener('click', () => overlay?.remove());
    overlay.append(close);
    document.body.append(overlay);
  };

  const events = new EventSource('/__pmkb/events');
  events.addEventListener('state', (e) => show(JSON.parse(e.data)));
  events.addEventListener('change', (e) => {
    const data = JSON.parse(e.data);
    const mine = own();
    if (data.changed.some((p) => mine.includes(p))) location.reload();
    else show(data);
  });
})();
`;

export const OVERLAY_STYLE = `#pmkb-overlay {
  position: fixed; inset: auto 1rem 1rem 1rem; max-height: 60vh; overflow: auto; z-index: 2147483647;
  background: #fff5f5; color: #1a1a1a; border: 2px solid #c62828; border-radius: 6px;
  padding: 1rem 1.25rem; font: 14px/1.5 system-ui, sans-serif; box-shadow: 0 4px 24px rgb(0 0 0 / 25%);
}
#pmkb-overlay h2 { margin: 0 0 .5rem; font-size: 1rem; color: #b71c1c; }
#pmkb-overlay ul { margin: 0; padding-left: 1.25rem; }
#pmkb-overlay code, #pmkb-overlay pre { font-family: ui-monospace, monospace; white-space: pre-wrap; }
#pmkb-overlay .rule, #pmkb-overlay .hint { color: #555; }
#pmkb-overlay .hint { margin: .25rem 0 .5rem; }
#pmkb-overlay button { margin-top: .75rem; }
`;
