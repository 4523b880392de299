import { h } from '../dom.js';

const roles = [
  ['#/contribute', 'Contribute photos', 'Upload photos, sign your consent with your wallet, and own a share of every version that uses them.'],
  ['#/label', 'Label images', 'Draw boxes around objects. Check items hidden among the real ones qualify you; then every answer that counts earns shares.'],
  ['#/buy', 'Buy a version', 'Pay for a version from your wallet and download it, every block checked against the chain.'],
  ['#/shares', 'Claim my shares', 'See what your photos and labels earned, and claim it with your wallet, or without gas through the node.'],
  ['#/audit', 'Audit a photo', 'Drop a photo or paste its CID: see every version that holds it, checked against the chain. No sign-in.'],
];

export function render(ctx) {
  return h('section', null,
    h('h1', null, 'A dataset owned by the people who make it'),
    h('p', null, 'Contributors and labelers are its co-owners: buyers pay for a version in tokens, and the revenue is split among them on chain.'),
    h('ul', { class: 'cards' }, roles.map(([href, title, text]) =>
      h('li', null, h('a', { href }, h('strong', null, title)), h('p', null, text)))),
    ctx.config.chainId == null ? null : h('p', { class: 'muted' }, `Chain ${ctx.config.chainId} · market ${ctx.config.market}`));
}
