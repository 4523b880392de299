// A version's fairness report as the node serves it: who the version represents (aggregates only,
// small groups withheld by the node) and, given a detector's predictions, how it does per group.
import { h } from './dom.js';

const percent = x => x == null ? '—' : `${(x * 100).toFixed(1)} %`;
const fixed = x => x == null ? '—' : x.toFixed(3);
const range = (i, show) => i == null ? '—' : `${show(i.low)}–${show(i.high)}`;

/** Tables of the composition: each attribute's groups with share, Wilson interval and gap to the target, then the pairs. */
export function compositionView(c) {
  const box = h('div', { class: 'composition' });
  box.append(h('p', null, `${c.images} images. A figure that describes fewer than ${c.minContributors} contributors is withheld, and so is any figure it could be worked out from.`));
  if (c.largestGaps?.length) {
    box.append(h('h3', null, 'Largest gaps from the target'),
      h('ul', { class: 'gaps' }, c.largestGaps.map(g => h('li', null, `${g.attribute} = ${g.value}: ${percent(g.share)} against ${percent(g.target)} (${g.gap > 0 ? '+' : ''}${(g.gap * 100).toFixed(1)} pp)`))));
  }
  for (const a of c.attributes) {
    box.append(h('table', { class: 'fairness', 'data-attribute': a.name },
      h('caption', null, `${a.name}: ${a.answered ?? 'withheld'} images answered, target ${a.target}`),
      h('thead', null, h('tr', null, ['Group', 'Images', 'Share', '95 % interval', 'Target', 'Gap', ''].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', null, a.groups.map(g => h('tr', { 'data-group': g.value, class: g.withheld ? 'withheld' : null },
        h('th', { scope: 'row' }, g.value),
        h('td', null, g.withheld ? 'withheld' : String(g.images)),
        h('td', null, g.withheld ? '' : percent(g.share)),
        h('td', null, g.withheld ? '' : range(g.interval, percent)),
        h('td', null, percent(g.target)),
        h('td', null, g.gap == null ? '—' : `${g.gap > 0 ? '+' : ''}${(g.gap * 100).toFixed(1)} pp`),
        h('td', { class: 'bar' }, g.withheld || g.share == null ? (g.withheld ? h('span', { class: 'muted' }, g.withheld) : null)
          : h('meter', { min: '0', max: '1', value: String(g.share), 'aria-label': `${a.name} = ${g.value}: ${percent(g.share)}` })))))));
  }
  for (const p of c.pairs ?? []) {
    const firsts = [...new Set(p.cells.map(x => x.first))];
    const seconds = [...new Set(p.cells.map(x => x.second))];
    const at = (f, s) => p.cells.find(x => x.first === f && x.second === s);
    box.append(h('table', { class: 'fairness pairs', 'data-pair': `${p.first}×${p.second}` },
      h('caption', null, `Images by ${p.first} and ${p.second}`),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, `${p.first} \\ ${p.second}`), seconds.map(s => h('th', { scope: 'col' }, s)))),
      h('tbody', null, firsts.map(f => h('tr', null, h('th', { scope: 'row' }, f), seconds.map(s => {
        const cell = at(f, s);
        return h('td', { class: cell?.withheld ? 'withheld' : null, title: cell?.withheld ?? null }, cell?.withheld ? 'withheld' : String(cell?.images ?? '—'));
      }))))));
  }
  return box;
}

/** The detector's scores: all images, then each group, with bootstrap intervals and each attribute's disparity. */
export function evaluationView(e) {
  const row = (label, s, i50, i95) => h('tr', null, h('th', { scope: 'row' }, label),
    h('td', null, String(s.images)), h('td', null, String(s.truthObjects)), h('td', null, String(s.predictions)),
    h('td', null, fixed(s.ap50)), h('td', null, range(i50, fixed)), h('td', null, fixed(s.ap5095)), h('td', null, range(i95, fixed)),
    h('td', null, fixed(s.recallAtPrecision)));
  const box = h('div', { class: 'evaluation' },
    h('table', { class: 'fairness scores' },
      h('caption', null, `The detector per group (95 % intervals from ${e.resamples} bootstrap resamples of images, seed ${e.seed})`),
      h('thead', null, h('tr', null, ['', 'Images', 'Objects', 'Predictions', 'AP50', 'AP50 interval', 'AP50:95', 'AP50:95 interval', `Recall at precision ${e.overall.precision}`].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', null, row('all images', e.overall, null, null),
        e.attributes.flatMap(a => a.groups.map(g => row(`${a.name} = ${g.value}`, g.score, g.ap50Interval, g.ap5095Interval))))));
  box.append(h('ul', { class: 'disparity' }, e.attributes.map(a => h('li', null,
    `${a.name}: AP50 worst ${a.ap50.worst ?? '—'}, best ${a.ap50.best ?? '—'}; ratio worst/best ${fixed(a.ap50.ratio)} (${range(a.ap50.ratioInterval, fixed)}), difference ${fixed(a.ap50.difference)} (${range(a.ap50.differenceInterval, fixed)})`))));
  return box;
}
