// Contributor: upload photos (drag and drop, per-file progress), sign the consent for each with
// the wallet, declare optional attributes, and see or withdraw what was contributed.
import { call, upload } from '../api.js';
import { h, replace, notice, action, short, when, dropZone } from '../dom.js';

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

const STATUS_TEXT = {
  'awaiting-consent': 'waiting for your consent',
  'in-labeling': 'consented, in labeling',
  finished: 'labeled',
  'in-version': 'in a published version',
  withdrawn: 'withdrawn',
};

export async function render(ctx) {
  const gate = ctx.gate('contribute photos');
  const section = h('section', { class: 'contribute' }, h('h1', null, 'Contribute photos'));
  if (gate) return section.appendChild(gate) && section;
  const token = ctx.wallets.token;
  const terms = await call('/api/v1/contributions/terms');
  if (ctx.config.domains.length === 0) {
    section.append(notice('info', 'No dataset takes photos yet', ['the operator has not created a labeling domain']));
    return section;
  }

  const domain = h('select', { id: 'domain', name: 'domain' },
    ctx.config.domains.map(d => h('option', { value: d.name }, `${d.name} (${d.classes.join(', ')})`)));
  const attributeInputs = Object.entries(terms.attributes).map(([name, values]) => {
    const select = h('select', { id: `attr-${name}`, name },
      h('option', { value: '' }, 'not answered'),
      values.map(v => h('option', { value: v }, v)),
      values.includes(terms.preferNotToSay) ? null : h('option', { value: terms.preferNotToSay }, terms.preferNotToSay));
    return { name, select, field: h('div', { class: 'field' }, h('label', { for: `attr-${name}` }, words(name)), select) };
  });

  const rows = h('ul', { class: 'files', 'aria-label': 'Photos to upload' });
  const chosen = [];
  const addFiles = files => {
    for (const file of files) {
      const row = { file, state: IMAGE_TYPES.has(file.type) ? 'ready' : 'refused', el: h('li') };
      row.message = row.state === 'refused' ? `not a JPEG, PNG or WebP photo (${file.type || 'unknown type'}): it will not be sent` : 'ready to upload';
      chosen.push(row);
      rows.append(row.el);
      drawRow(row);
    }
    uploadButton.disabled = !chosen.some(r => r.state === 'ready');
  };
  const drop = dropZone({
    id: 'drop', inputId: 'files', text: 'Drop photos here, or ', button: 'choose photos', accept: [...IMAGE_TYPES].join(','), multiple: true, onFiles: addFiles,
  });

  const mine = h('div', { id: 'mine' });
  const refreshMine = async () => replace(mine, await myPhotos(ctx, refreshMine));

  const uploadButton = action('Upload and sign consent', async () => {
    const attributes = Object.fromEntries(attributeInputs.filter(a => a.select.value).map(a => [a.name, a.select.value]));
    for (const row of chosen.filter(r => r.state === 'ready')) {
      const form = new FormData();
      form.append('domain', domain.value);
      if (Object.keys(attributes).length) form.append('attributes', JSON.stringify(attributes));
      form.append('file', row.file, row.file.name);
      row.state = 'uploading';
      drawRow(row, 0);
      try {
        const [uploaded] = await upload('/api/v1/contributions', form, { token, onProgress: p => drawRow(row, p) });
        row.state = 'uploaded';
        row.contribution = uploaded;
        row.message = `uploaded as ${short(uploaded.cid, 10)}: waiting for your consent`;
      } catch (error) {
        row.state = 'failed';
        row.message = error.status === 0
          ? `${error.title}: ${error.problems.join('; ')}`
          : `refused by the node: ${error.problems.join('; ') || error.title}`;
      }
      drawRow(row);
    }
    for (const row of chosen.filter(r => r.state === 'uploaded')) {
      try {
        await consent(ctx, row.contribution);
        row.state = 'done';
        row.message = 'consent signed and recorded: in labeling';
      } catch (error) {
        row.state = 'unsigned';
        row.message = `${error.problems?.join('; ') || error.message} It waits for your consent until ${when(row.contribution.consentDeadline)}.`;
      }
      drawRow(row);
    }
    await refreshMine();
    return false;
  }, { id: 'upload', class: 'primary', disabled: true });

  section.append(
    h('p', null, 'Your photos become part of a dataset you co-own. Location and camera details are stripped before anything is stored.'),
    h('div', { class: 'field' }, h('label', { for: 'domain' }, 'Dataset'), domain),
    h('details', { class: 'licence' },
      h('summary', null, `Licence ${terms.licence.id} (what you agree to when you sign)`),
      h('pre', { tabindex: '0' }, terms.licence.text),
      h('p', { class: 'muted' }, `keccak256 ${terms.licence.hash}`)),
    h('fieldset', { class: 'attributes' },
      h('legend', null, 'About you (optional)'),
      h('p', null, 'These answers let everyone see who the dataset represents. They are only ever published as counts per group, and a count that describes too few contributors is withheld, so no one stands out. Every question is optional, and "' + terms.preferNotToSay + '" is always fine.'),
      attributeInputs.map(a => a.field)),
    drop, rows, uploadButton,
    h('h2', null, 'My photos'), mine);
  await refreshMine();
  return section;
}

/** ageBand → "Age band". */
function words(name) {
  const text = name.replace(/([a-z])([A-Z])/g, '$1 $2').replaceAll('_', ' ').toLowerCase();
  return text[0].toUpperCase() + text.slice(1);
}

function drawRow(row, progress) {
  const cls = { failed: 'error', refused: 'error', unsigned: 'warn', done: 'ok' }[row.state] ?? '';
  replace(row.el,
    h('span', { class: 'name' }, row.file.name),
    row.state === 'uploading'
      ? h('progress', { max: '1', value: String(progress ?? 0), 'aria-label': `Uploading ${row.file.name}` })
      : h('span', { class: `message ${cls}` }, row.message));
  row.el.dataset.state = row.state;
}

async function consent(ctx, contribution) {
  const signature = await ctx.wallets.signTypedData(contribution.consent.typedData, 'the consent signature');
  return call(`/api/v1/contributions/${encodeURIComponent(contribution.cid)}/consent`, { method: 'POST', token: ctx.wallets.token, body: { signature } });
}

async function myPhotos(ctx, refresh) {
  const items = [];
  let after = 0;
  for (;;) {
    const page = await call(`/api/v1/contributions?after=${after}&limit=200`, { token: ctx.wallets.token });
    items.push(...page.items);
    if (page.next == null) break;
    after = page.next;
  }
  if (items.length === 0) return h('p', { class: 'muted' }, 'You have not contributed a photo yet.');
  const fail = error => ctx.say('error', error.title ?? 'That did not work', error.problems?.length ? error.problems : [error.message]);
  return h('table', { class: 'photos' },
    h('caption', { class: 'sr-only' }, 'My photos'),
    h('thead', null, h('tr', null, ['Photo', 'Dataset', 'Status', 'Uploaded', ''].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', null, items.map(c => h('tr', { 'data-cid': c.cid },
      h('td', { title: c.cid }, h('code', null, short(c.cid, 10)), h('span', { class: 'muted' }, ` ${c.width}×${c.height} ${c.kind}`)),
      h('td', null, c.domain),
      h('td', { class: 'status' }, STATUS_TEXT[c.status] ?? c.status, c.versions.length ? ` (versions ${c.versions.join(', ')})` : ''),
      h('td', null, when(c.uploadedAt)),
      h('td', { class: 'row-actions' },
        c.status === 'awaiting-consent' ? action('Sign consent', async () => { try { await consent(ctx, c); await refresh(); } catch (e) { fail(e); } }) : null,
        c.status === 'withdrawn' ? null : withdrawButton(ctx, c, refresh, fail))))));
}

function withdrawButton(ctx, c, refresh, fail) {
  let armed = false;
  return action('Withdraw', async button => {
    if (!armed) {
      armed = true;
      button.textContent = 'Confirm withdrawal';
      button.classList.add('danger');
      return;
    }
    try {
      await call(`/api/v1/contributions/${encodeURIComponent(c.cid)}`, { method: 'DELETE', token: ctx.wallets.token });
      ctx.say('ok', 'Photo withdrawn', ['it leaves labeling and every future version; versions already published keep it']);
      await refresh();
    } catch (e) { fail(e); }
  });
}
