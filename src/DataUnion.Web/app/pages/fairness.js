// Fairness: who each published version represents, for anyone (the node publishes aggregates
// only), and for the signed-in operator, a detector's scores per group from a COCO results file.
import { call, setOperatorCsrf } from '../api.js';
import { h, replace, notice, action } from '../dom.js';
import { compositionView, evaluationView } from '../fairness.js';

export async function render(ctx) {
  const section = h('section', { class: 'fairness-page' }, h('h1', null, 'Who each version represents'));
  let versions;
  try {
    versions = (await call('/api/v1/versions')).filter(v => !v.retired);
  } catch (error) {
    section.append(notice('warn', error.title, error.problems));
    return section;
  }
  section.append(h('p', null, 'Contributors may declare attributes such as age band or skin tone with their photos. Only counts leave the node, and a count describing too few contributors is withheld, so no one can be singled out.'));
  if (versions.length === 0) {
    section.append(notice('info', 'No version is published yet'));
    return section;
  }
  const wanted = location.hash.replace(/^#\/?/, '').split('/')[1];
  const chosen = versions.find(v => String(v.versionId) === wanted) ?? versions[versions.length - 1];
  section.append(h('nav', { class: 'versions', 'aria-label': 'Versions' }, h('ul', null, versions.map(v => h('li', null,
    h('a', { href: `#/fairness/${v.versionId}`, 'aria-current': v === chosen ? 'page' : null }, `${v.dataset ?? `Dataset ${v.datasetId}`}, version ${v.versionId}`))))));
  const report = h('div', { id: 'fairness-report' });
  section.append(h('h2', null, `${chosen.dataset ?? `Dataset ${chosen.datasetId}`}, version ${chosen.versionId}`), report);
  try {
    const { composition } = await call(`/api/v1/versions/${chosen.versionId}/fairness`);
    report.append(compositionView(composition));
  } catch (error) {
    report.append(notice('info', error.title, error.problems));
    return section;
  }
  const operator = await call('/api/v1/operator/session').catch(() => null);
  if (operator) {
    setOperatorCsrf(operator.csrf);
    section.append(evaluateForm(ctx, chosen));
  }
  return section;
}

/** The operator's form: a COCO results file (image_id, category_id, bbox, score) scored on the version per group. */
function evaluateForm(ctx, v) {
  const input = h('input', { type: 'file', id: 'predictions', accept: 'application/json,.json' });
  const out = h('div', { id: 'evaluation', 'aria-live': 'polite' });
  return h('div', { class: 'evaluate' },
    h('h2', null, 'Evaluate a detector'),
    h('p', null, 'A detector\'s predictions for this version\'s images, as a COCO results file. It is scored overall and for each published group; nothing is stored.'),
    h('div', { class: 'field' }, h('label', { for: 'predictions' }, 'COCO results file'), input),
    action('Evaluate', async () => {
      const file = input.files?.[0];
      if (!file) { replace(out, notice('warn', 'Choose a COCO results file first')); return; }
      let predictions;
      try { predictions = JSON.parse(await file.text()); } catch (error) {
        replace(out, notice('error', `${file.name} is not JSON`, [error.message]));
        return;
      }
      replace(out, h('p', { class: 'muted' }, 'Evaluating…'));
      try {
        const report = await call(`/api/v1/versions/${v.versionId}/fairness`, { method: 'POST', body: predictions });
        replace(out, evaluationView(report.evaluation));
      } catch (error) {
        replace(out, notice('error', error.title, error.problems));
      }
    }, { class: 'primary', id: 'evaluate' }),
    out);
}
