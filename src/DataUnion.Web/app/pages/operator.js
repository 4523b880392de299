// Operator: signed in once with the operator token (exchanged for an HttpOnly, SameSite=Strict
// cookie; the token is not kept), then the node, the chain, each domain's queue and labelers
// (suspend, lift), and versions (build, publish). Every change sends the session's CSRF token.
import { call, setOperatorCsrf } from '../api.js';
import { h, replace, notice, action, short, when } from '../dom.js';
import { BoxEditor } from '../box-editor.js';

export async function render(ctx) {
  const section = h('section', { class: 'operator' }, h('h1', null, 'Operator'));
  let session = null;
  try {
    session = await call('/api/v1/operator/session');
  } catch (error) {
    if (error.status !== 401) { section.append(notice('error', error.title, error.problems)); return section; }
  }
  if (!session) {
    setOperatorCsrf(null);
    section.append(signInForm(ctx));
    return section;
  }
  setOperatorCsrf(session.csrf);
  const fail = error => ctx.say('error', error.title ?? 'That did not work', error.problems?.length ? error.problems : [error.message]);
  const redraw = () => ctx.refresh();
  section.append(
    h('p', null, `Signed in as the operator until ${when(session.expiresAt)}. `,
      action('Sign out', async () => { await call('/api/v1/operator/session', { method: 'DELETE' }).catch(fail); setOperatorCsrf(null); redraw(); })),
    await panel('Node and chain', nodePanel),
    await panel('Domains and queues', () => domainsPanel(ctx, fail, redraw)),
    await panel('Versions', () => versionsPanel(ctx, fail, redraw)),
    await panel('Storage and replication', storagePanel));
  return section;
}

async function panel(title, load) {
  const id = title.toLowerCase().replace(/[^a-z]+/g, '-');
  let body;
  try { body = await load(); } catch (error) { body = notice('error', `${title} could not be read`, error.problems?.length ? error.problems : [error.message]); }
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), body);
}

function signInForm(ctx) {
  const input = h('input', { type: 'password', id: 'operator-token', name: 'token', autocomplete: 'off', required: true });
  const form = h('form', { class: 'signin', id: 'operator-signin' },
    h('p', null, 'The operator token is in the node\'s data directory (operator.token). It is sent once and exchanged for a session that scripts on this page cannot read; it is not kept in the browser.'),
    h('div', { class: 'field' }, h('label', { for: 'operator-token' }, 'Operator token'), input),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in as operator'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const session = await call('/api/v1/operator/session', { method: 'POST', body: { token: input.value } });
      input.value = '';
      setOperatorCsrf(session.csrf);
      ctx.refresh();
    } catch (error) {
      input.value = '';
      ctx.say('error', error.title, error.problems);
    }
  });
  return form;
}

async function nodePanel() {
  const [node, status] = await Promise.all([call('/api/v1/node'), call('/api/v1/chain/status')]);
  const idx = status.indexer;
  return h('dl', { class: 'record' },
    h('dt', null, 'Node'), h('dd', null, `version ${node.version}, database schema ${node.schemaVersion}`),
    h('dt', null, 'Chain'), h('dd', null, `chain ${node.chain.chainId}${node.chain.local ? ' (run by this node)' : ''}`),
    h('dt', null, 'Operator wallet'), h('dd', null, node.operator.address ?? 'none: on-chain actions are off'),
    h('dt', null, 'Indexer'), h('dd', { id: 'indexer' }, idx.running ? `block ${idx.lastBlock} of ${idx.head ?? '?'}, ${idx.events} events${idx.lastError ? `; last error: ${idx.lastError}` : ''}` : `stopped${idx.lastError ? `: ${idx.lastError}` : ''}`),
    h('dt', null, 'Outbox'), h('dd', { id: 'outbox' }, status.outbox ? `${status.outbox.unfinished} unfinished, sender ${short(status.outbox.sender)}, ${status.outbox.confirmations} confirmations` : 'off'));
}

const MiB = 1024 * 1024;

async function storagePanel() {
  const s = await call('/api/v1/storage');
  const holders = Object.entries(s.pinsByHolder).map(([kind, n]) => `${n} ${kind}`).join(', ') || 'none';
  return h('div', null,
    h('dl', { class: 'record' },
      h('dt', null, 'Blocks on disk'), h('dd', { id: 'block-bytes' }, `${(s.blockBytes / MiB).toFixed(1)} MiB (${(s.freeBytes / MiB / 1024).toFixed(1)} GiB free)`),
      h('dt', null, 'Pins'), h('dd', { id: 'pins' }, `${s.recursivePins} whole, ${s.directPins} single blocks; held by ${holders}`)),
    s.targets.length === 0
      ? h('p', { class: 'muted' }, 'No replication target: pins stay on this node only (set Replication:Targets to copy them to kubo, IPFS Cluster or a pinning service).')
      : h('table', { class: 'queue' },
        h('caption', { class: 'sr-only' }, 'Replication targets'),
        h('thead', null, h('tr', null, ['Target', 'Kind', 'Replicated', 'Waiting', 'Failing', 'Last error'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', null, s.targets.map(t => h('tr', null, [t.name, t.kind, t.replicated, t.waiting, t.failing, t.lastError ?? '—'].map(v => h('td', null, String(v))))))));
}

async function domainsPanel(ctx, fail, redraw) {
  const [domains, node] = await Promise.all([call('/api/v1/labeling/domains'), call('/api/v1/node')]);
  const blocks = [domainForm(ctx, fail, redraw)];
  if (domains.length === 0) blocks.push(h('p', { class: 'muted' }, 'No domain yet.'));
  for (const d of domains) {
    const name = encodeURIComponent(d.domain.name);
    const [queue, labelers] = await Promise.all([call(`/api/v1/labeling/domains/${name}/queue`), call(`/api/v1/labeling/domains/${name}/labelers`)]);
    blocks.push(h('article', { class: 'domain', 'data-domain': d.domain.name },
      h('h3', null, d.domain.name),
      h('p', null, `Classes: ${Object.keys(d.domain.classes).join(', ')}. Gold items: ${d.gold} (${d.retiredGold} retired).`),
      goldForm(ctx, d.domain, node.operator.address, fail, redraw),
      h('table', { class: 'queue' },
        h('caption', { class: 'sr-only' }, `Queue of ${d.domain.name}`),
        h('thead', null, h('tr', null, ['Waiting', 'In bundles', 'Finished', 'Withdrawn', 'Answers (hour / day)', 'Gold pass rate', 'Consensus confidence', 'Below target', 'Labelers'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', null, h('tr', null,
          [queue.waiting, queue.inBundles, queue.finished, queue.withdrawn, `${queue.answersLastHour} / ${queue.answersLastDay}`,
            queue.goldPassRate == null ? '—' : `${Math.round(queue.goldPassRate * 100)} %`,
            queue.meanConfidence == null ? '—' : queue.meanConfidence.toFixed(3), queue.belowTarget, queue.labelers].map(v => h('td', null, String(v)))))),
      labelers.length === 0 ? h('p', { class: 'muted' }, 'No labeler yet.') : h('table', { class: 'labelers' },
        h('caption', { class: 'sr-only' }, `Labelers of ${d.domain.name}`),
        h('thead', null, h('tr', null, ['Labeler', 'Qualification', 'Reputation', 'Standing', 'Voting power', ''].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', null, labelers.map(l => h('tr', { 'data-labeler': l.labeler },
          h('td', { title: l.labeler }, h('code', null, short(l.labeler))),
          h('td', null, l.qualification.state),
          h('td', null, l.reputation.value.toFixed(3)),
          h('td', { class: 'standing' }, l.standing.state, l.standing.reason ? ` (${l.standing.reason})` : ''),
          h('td', null, l.votingPower.toFixed(3)),
          h('td', null, l.standing.state === 'Suspended'
            ? action(`Lift ${short(l.labeler)}`, async () => { try { await call(`/api/v1/labeling/domains/${name}/labelers/${l.labeler}/suspension`, { method: 'DELETE' }); redraw(); } catch (e) { fail(e); } })
            : l.standing.state === 'Active' ? suspendForm(name, l.labeler, fail, redraw) : null)))))));
  }
  return h('div', null, blocks);
}

/** Creates a domain or changes one: its classes with the IoU at which two boxes are one object. */
function domainForm(ctx, fail, redraw) {
  const name = h('input', { type: 'text', id: 'domain-name', maxlength: '64', autocomplete: 'off' });
  const classes = h('input', { type: 'text', id: 'domain-classes', placeholder: 'face: 0.5, hand: 0.6', autocomplete: 'off' });
  return h('details', { class: 'domain-form' }, h('summary', null, 'Create or change a domain'),
    h('div', { class: 'field' }, h('label', { for: 'domain-name' }, 'Name'), name),
    h('div', { class: 'field' }, h('label', { for: 'domain-classes' }, 'Classes, each with the IoU at which two boxes are one object'), classes),
    action('Save domain', async () => {
      const parsed = {};
      const bad = [];
      for (const part of classes.value.split(',').map(p => p.trim()).filter(Boolean)) {
        const [label, iou] = part.split(':').map(p => p.trim());
        const value = Number(iou);
        if (!label || !(value > 0 && value <= 1)) bad.push(`"${part}": write a class and an IoU between 0 and 1, as "face: 0.5"`);
        else parsed[label] = value;
      }
      if (bad.length || Object.keys(parsed).length === 0) {
        ctx.say('error', 'The classes are not valid', bad.length ? bad : ['name at least one class, as "face: 0.5"']);
        return;
      }
      try {
        await call(`/api/v1/labeling/domains/${encodeURIComponent(name.value.trim())}`, { method: 'PUT', body: { classes: parsed } });
        ctx.say('ok', `Domain ${name.value.trim()} saved`, []);
        redraw();
      } catch (e) { fail(e); }
    }, { id: 'save-domain' }));
}

/** Adds a gold item: an image with the expert's boxes, drawn on the labeling canvas. */
function goldForm(ctx, domain, contributor, fail, redraw) {
  const id = `gold-file-${domain.name}`;
  const file = h('input', { type: 'file', id, accept: 'image/jpeg,image/png,image/webp' });
  const area = h('div', { class: 'gold-editor' });
  file.addEventListener('change', async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    let bitmap;
    try { bitmap = await createImageBitmap(chosen); } catch { ctx.say('error', `${chosen.name} is not an image this browser can open`, []); return; }
    const editor = new BoxEditor(Object.keys(domain.classes), [{ image: chosen.name, width: bitmap.width, height: bitmap.height, bitmap }]);
    replace(area, h('p', null, `Draw the expert's boxes on ${chosen.name}: labelers are graded against them.`), editor.root,
      action('Save gold item', async () => {
        const [answer] = editor.answers();
        if (answer.boxes.length === 0) { ctx.say('warn', 'Draw at least one box', ['a gold item needs the expert\'s boxes']); return; }
        try {
          const form = new FormData();
          form.append('file', chosen, chosen.name);
          const added = await call('/api/v0/add?cid-version=1&raw-leaves=true', { method: 'POST', form });
          await call(`/api/v1/labeling/domains/${encodeURIComponent(domain.name)}/images`, {
            method: 'POST', body: { image: added.Hash, width: bitmap.width, height: bitmap.height, contributor, gold: answer.boxes },
          });
          editor.dispose();
          ctx.say('ok', `Gold item added to ${domain.name}`, [`${added.Hash} with ${answer.boxes.length} expert boxes`]);
          redraw();
        } catch (e) { fail(e); }
      }, { class: 'primary', id: `save-gold-${domain.name}` }));
    editor.go(0);
  });
  return h('details', { class: 'gold-form' }, h('summary', null, 'Add a gold item'),
    contributor ? null : h('p', { class: 'muted' }, 'The node has no operator wallet: gold items need one as their contributor.'),
    h('div', { class: 'field' }, h('label', { for: id }, 'Image'), file), area);
}

function suspendForm(domain, labeler, fail, redraw) {
  const reason = h('input', { type: 'text', 'aria-label': `Reason to suspend ${labeler}`, placeholder: 'reason', maxlength: '200' });
  return h('div', { class: 'row-actions' }, reason,
    action(`Suspend ${short(labeler)}`, async () => {
      try {
        await call(`/api/v1/labeling/domains/${domain}/labelers/${labeler}/suspension`, { method: 'POST', body: { days: 7, reason: reason.value || 'suspended by the operator' } });
        redraw();
      } catch (e) { fail(e); }
    }));
}

async function versionsPanel(ctx, fail, redraw) {
  const [drafts, built] = await Promise.all([call('/api/v1/versions/drafts'), call('/api/v1/versions/built')]);
  const domain = h('select', { id: 'build-domain' }, ctx.config.domains.map(d => h('option', { value: d.name }, d.name)));
  const price = h('input', { type: 'text', id: 'build-price', inputmode: 'numeric', placeholder: 'token units', required: true });
  const buildForm = h('div', { class: 'build' },
    h('div', { class: 'field' }, h('label', { for: 'build-domain' }, 'Domain'), domain),
    h('div', { class: 'field' }, h('label', { for: 'build-price' }, 'Price (token base units)'), price),
    action('Build a draft', async () => {
      try {
        const draft = await call('/api/v1/versions', { method: 'POST', body: { domain: domain.value, price: price.value.trim() } });
        ctx.say('ok', `Draft of ${draft.domain} built`, [`${draft.imageCount} images, ${draft.excluded.length} left out; root ${draft.root}`]);
        redraw();
      } catch (e) { fail(e); }
    }, { class: 'primary', id: 'build' }));
  const rows = [...drafts, ...built].map(v => h('tr', { 'data-version': String(v.versionId), 'data-state': v.state },
    h('td', null, String(v.versionId)), h('td', null, v.domain), h('td', { class: 'state' }, v.state), h('td', null, String(v.imageCount)),
    h('td', null, v.price), h('td', null, h('code', null, short(v.root, 10))),
    h('td', null, v.state === 'Draft' || v.state === 'draft'
      ? action(`Publish ${v.domain}`, async () => {
        try { await call(`/api/v1/versions/drafts/${encodeURIComponent(v.domain)}/publish`, { method: 'POST' }); redraw(); } catch (e) { fail(e); }
      }, { class: 'primary' })
      : null)));
  return h('div', null, buildForm, rows.length === 0 ? h('p', { class: 'muted' }, 'No version yet.') : h('table', { class: 'versions' },
    h('caption', { class: 'sr-only' }, 'Versions'),
    h('thead', null, h('tr', null, ['Version', 'Domain', 'State', 'Images', 'Price', 'Root', ''].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', null, rows)));
}
