// Builds DOM from data. Text is only ever set as text: nothing a user types or uploads, and
// nothing the node or the chain answers, is parsed as HTML.

/** An element with attributes (on* keys are listeners) and children (nodes or text). */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'class') el.className = value;
    else if (key === 'value') el.value = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children: nodes as they are, anything else as a text node; null and false are skipped. */
export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces every child of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A message box: kind is info, ok, warn or error; detail lines are listed under the title. */
export function notice(kind, title, details = [], ...actions) {
  return h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('strong', null, title),
    details.length ? h('ul', null, details.map(d => h('li', null, d))) : null,
    actions.length ? h('div', { class: 'actions' }, actions) : null);
}

/** A button that runs an async action, disabled (and marked busy) while it runs; it stays
 *  disabled when the action returns false. */
export function action(label, run, props = {}) {
  const button = h('button', { type: 'button', ...props }, label);
  button.addEventListener('click', async () => {
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    let again = true;
    try { again = (await run(button)) !== false; } finally { button.disabled = !again; button.removeAttribute('aria-busy'); }
  });
  return button;
}

/** A short form of a hash or address: 0x1234…abcd. */
export function short(text, keep = 6) {
  return text && text.length > keep * 2 + 1 ? `${text.slice(0, keep)}…${text.slice(-4)}` : text ?? '';
}

/** A date and time in the reader's locale. */
export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** A zone that takes files dropped on it or chosen with its button; onFiles gets a FileList. */
export function dropZone({ id, inputId, text, button, accept, multiple = false, onFiles }) {
  const input = h('input', { type: 'file', id: inputId, accept, multiple });
  input.addEventListener('change', () => { if (input.files.length) onFiles(input.files); input.value = ''; });
  const zone = h('div', { class: 'drop', id }, h('p', null, text), h('label', { for: inputId, class: 'button' }, button), input);
  zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', e => { e.preventDefault(); zone.classList.remove('over'); if (e.dataTransfer.files.length) onFiles(e.dataTransfer.files); });
  return zone;
}
