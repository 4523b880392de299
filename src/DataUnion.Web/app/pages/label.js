// Labeler: qualification progress and record per domain, then bundles of images to label on a
// canvas (draw, move and resize boxes with the mouse, class picker, keyboard shortcuts, zoom
// and pan, undo and redo), a timer for the bundle, and feedback once it is submitted.
import { call } from '../api.js';
import { h, replace, notice, action, when } from '../dom.js';
import { BoxEditor } from '../box-editor.js';

const SHORTCUTS = [
  ['drag on the image', 'draw a box of the chosen class'],
  ['drag a box, or its handles', 'move it, or resize it'],
  ['1 … 9', 'choose a class (and give it to the selected box)'],
  ['Delete or Backspace', 'delete the selected box'],
  ['Ctrl+Z, Ctrl+Shift+Z or Ctrl+Y', 'undo, redo'],
  ['N or ], P or [', 'next image, previous image'],
  ['+ and −, or the mouse wheel', 'zoom in and out'],
  ['0', 'fit the image'],
  ['hold Space and drag, or drag with the middle button', 'pan'],
  ['Esc', 'deselect'],
];

export async function render(ctx) {
  const gate = ctx.gate('label images');
  const section = h('section', { class: 'label' }, h('h1', null, 'Label images'));
  if (gate) return section.appendChild(gate) && section;
  if (ctx.config.domains.length === 0) {
    section.append(notice('info', 'Nothing to label yet', ['the operator has not created a labeling domain']));
    return section;
  }
  const domainSelect = h('select', { id: 'label-domain' }, ctx.config.domains.map(d => h('option', { value: d.name }, d.name)));
  const record = h('div', { id: 'record' });
  const work = h('div', { id: 'work' });
  const domain = () => ctx.config.domains.find(d => d.name === domainSelect.value);
  const refresh = async () => {
    const [me, shares] = await Promise.all([
      call(`/api/v1/labeling/domains/${encodeURIComponent(domainSelect.value)}/me`, { token: ctx.wallets.token }),
      call('/api/v1/me/shares', { token: ctx.wallets.token }),
    ]);
    replace(record, recordView(me, shares.pending.find(p => p.domain === domainSelect.value)));
  };
  domainSelect.addEventListener('change', () => { replace(work, start); refresh(); });
  const start = action('Start a bundle', () => openBundle(ctx, domain(), work, refresh), { class: 'primary', id: 'start' });
  section.append(
    h('div', { class: 'field' }, h('label', { for: 'label-domain' }, 'Dataset'), domainSelect),
    record, work,
    h('details', { class: 'shortcuts' }, h('summary', null, 'Keyboard and mouse'),
      h('table', null, h('tbody', null, SHORTCUTS.map(([keys, what]) => h('tr', null, h('th', { scope: 'row' }, keys), h('td', null, what)))))));
  work.append(start);
  await refresh();
  return section;
}

function pct(x) { return `${Math.round(x * 100)} %`; }

function recordView(me, pending) {
  const q = me.qualification;
  const m = q.match;
  const lines = [];
  if (q.state === 'Qualifying' && q.answers === 0) lines.push('Qualifying: your first bundles are check items whose boxes experts drew; match them closely to qualify.');
  else if (q.state === 'Qualifying') lines.push(`Qualifying: ${q.answers} check answers so far; mean IoU ${m.meanIoU.toFixed(2)}, precision ${pct(m.precision)}, recall ${pct(m.recall)}.`);
  else if (q.state === 'Locked') lines.push(`The qualification failed; you may try again after ${when(q.lockedUntil)}.`);
  else lines.push('Qualified: your answers count towards the consensus and earn shares.');
  const standing = me.standing.state === 'Active' ? 'in good standing' : `${me.standing.state.toLowerCase()}${me.standing.until ? ` until ${when(me.standing.until)}` : ''}${me.standing.reason ? ` (${me.standing.reason})` : ''}`;
  return h('dl', { class: 'record' },
    h('dt', null, 'Qualification'), h('dd', { id: 'qualification' }, lines),
    h('dt', null, 'Reputation'), h('dd', null, me.reputation.value.toFixed(3)),
    h('dt', null, 'Standing'), h('dd', null, `${standing}; ${me.standing.strikes} strikes`),
    h('dt', null, 'Voting power'), h('dd', null, `${me.votingPower.toFixed(3)} (stake ${me.stake})`),
    h('dt', null, 'Answers counted'), h('dd', null, String(me.counted)),
    h('dt', null, 'Pending shares'), h('dd', { id: 'pending-shares' }, pending
      ? `${pending.units} of ${pending.totalUnits} units in finished images; they become claimable once a version holding them is sold`
      : 'none yet: shares come with images that finish'));
}

async function openBundle(ctx, domain, work, refresh) {
  let bundle;
  try {
    bundle = await call(`/api/v1/labeling/domains/${encodeURIComponent(domain.name)}/bundles`, { method: 'POST', token: ctx.wallets.token });
  } catch (error) {
    replace(work, notice('warn', error.title, error.problems), action('Try again', () => openBundle(ctx, domain, work, refresh), { class: 'primary', id: 'start' }));
    return;
  }
  const images = await Promise.all(bundle.items.map(item => loadImage(item.url, ctx.wallets.token)));
  const editor = new BoxEditor(domain.classes, bundle.items.map((item, i) => ({ ...item, bitmap: images[i] })));
  const timer = h('span', { class: 'timer', role: 'timer', 'aria-live': 'off' });
  const position = h('span', { id: 'position', 'aria-live': 'polite' });
  const submit = action('Submit bundle', async () => {
    try {
      const receipt = await call(`/api/v1/labeling/bundles/${encodeURIComponent(bundle.id)}/answers`, { method: 'POST', token: ctx.wallets.token, body: { answers: editor.answers() } });
      clearInterval(ticking);
      editor.dispose();
      replace(work, feedback(receipt), action('Next bundle', () => openBundle(ctx, domain, work, refresh), { class: 'primary', id: 'start' }));
      await refresh();
    } catch (error) {
      ctx.say('error', error.title, error.problems);
    }
  }, { class: 'primary', id: 'submit', disabled: true });
  const tick = () => {
    const left = Math.max(0, new Date(bundle.expiresAt) - Date.now());
    timer.textContent = `${Math.floor(left / 60000)}:${String(Math.floor(left / 1000) % 60).padStart(2, '0')} left`;
    if (left === 0) {
      clearInterval(ticking);
      editor.dispose();
      replace(work, notice('warn', 'The bundle expired', ['its answers were not sent and will not count; ask for a new bundle']),
        action('Start a bundle', () => openBundle(ctx, domain, work, refresh), { class: 'primary', id: 'start' }));
    }
  };
  const ticking = setInterval(tick, 1000);
  tick();
  editor.addEventListener('change', () => {
    position.textContent = `Image ${editor.index + 1} of ${bundle.items.length}`;
    submit.disabled = !editor.allSeen();
    submit.title = editor.allSeen() ? '' : 'look at every image of the bundle first';
  });
  replace(work,
    h('div', { class: 'bundle-bar' }, position, timer,
      h('button', { type: 'button', onclick: () => editor.go(-1) }, 'Previous'),
      h('button', { type: 'button', onclick: () => editor.go(1) }, 'Next'), submit),
    editor.root);
  editor.go(0);
}

async function loadImage(url, token) {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`the image ${url} could not be loaded (${response.status})`);
  return createImageBitmap(await response.blob());
}

function feedback(receipt) {
  const q = receipt.labeler.qualification;
  const lines = [
    receipt.goldPassed ? 'Your answers on the check items matched the experts\'.' : 'Your answers on the check items did not match the experts\' well enough: look closely and draw tight boxes.',
    `${receipt.counted} answers counted; ${receipt.finished} images finished.`,
  ];
  if (q.state === 'Qualified') lines.push('You are qualified in this dataset.');
  else if (q.state === 'Locked') lines.push(`The qualification failed; you may try again after ${when(q.lockedUntil)}.`);
  return notice(receipt.goldPassed ? 'ok' : 'warn', 'Bundle submitted', lines);
}
