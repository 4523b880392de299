// Co-owner: my shares per published version and what is claimable now (from the contract),
// claiming from my own wallet or, without ETH, through the node's relay (the wallet signs an
// EIP-712 claim authorization and the node pays the gas), and the claims so far.
import { keccak256, concat, toHex } from 'viem';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { call } from '../api.js';
import { h, replace, notice, action, when, short } from '../dom.js';
import { Chain, marketAbi, tokenInfo, EIP712_DOMAIN } from '../chain.js';
import { Steps } from '../steps.js';

export async function render(ctx) {
  const gate = ctx.gate('see and claim your shares');
  const section = h('section', { class: 'shares' }, h('h1', null, 'My shares'));
  if (gate) return section.appendChild(gate) && section;
  const chain = new Chain(ctx.wallets, ctx.config);
  const mine = await call('/api/v1/me/shares', { token: ctx.wallets.token });
  const panel = h('div', { id: 'claim-panel' });
  const token = await tokenFor(ctx, chain, mine);
  const claimable = mine.versions.filter(v => BigInt(v.claimable) > 0n);

  section.append(h('p', null, 'You own shares of every version that holds your photos or your labels. Each sale of a version pays its co-owners in proportion to their shares; claim what is yours whenever you like.'));
  section.append(h('h2', null, 'Published versions'));
  section.append(mine.versions.length === 0
    ? h('p', { class: 'muted' }, 'None of your shares is in a published version yet.')
    : h('table', { class: 'versions' },
      h('thead', null, h('tr', null, ['Version', 'Dataset', 'My units', 'Of', 'Claimable now', 'Claimed'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', null, mine.versions.map(v => h('tr', { 'data-version': v.versionId },
        h('td', null, v.versionId, v.retired ? ' (retired)' : ''), h('td', null, v.domain), h('td', null, String(v.units)), h('td', null, String(v.totalUnits)),
        h('td', { class: 'claimable' }, token.format(v.claimable)), h('td', null, token.format(v.claimed)))))));
  if (claimable.length) {
    section.append(h('div', { class: 'actions' },
      action('Claim with my wallet', () => claimDirect(ctx, chain, claimable, token, panel), { class: 'primary', id: 'claim' }),
      action('Claim without gas (the node pays it)', () => claimRelayed(ctx, chain, claimable, token, panel), { id: 'claim-relay' })),
      panel);
  }
  if (mine.pending.length) {
    section.append(h('h2', null, 'Pending (not in a version yet)'),
      h('ul', null, mine.pending.map(p => h('li', null, `${p.domain}: ${p.units} of ${p.totalUnits} units`))));
  }
  section.append(h('h2', null, 'Claims so far'), mine.claims.length === 0
    ? h('p', { class: 'muted' }, 'No claim yet.')
    : h('ul', { class: 'history' }, mine.claims.map(c => h('li', null, `Version ${c.versionId}: ${token.format(c.amount ?? '0')} in block ${c.blockNumber} (${short(c.transactionHash, 10)})`))));
  return section;
}

async function tokenFor(ctx, chain, mine) {
  const first = mine.versions[0];
  if (!first) return { format: units => `${units}` };
  const version = await chain.read(ctx.config.market, marketAbi, 'getVersion', [BigInt(first.versionId)]);
  return tokenInfo(chain, version.token);
}

/** My units and proof in each version, from the version's public shares tree. */
async function proofs(ctx, versions) {
  const me = ctx.wallets.address.toLowerCase();
  return Promise.all(versions.map(async v => {
    const tree = StandardMerkleTree.load(await call(`/api/v1/versions/${v.versionId}/trees/shares.json`));
    for (const [i, leaf] of tree.entries()) {
      if (String(leaf[2]) === v.versionId && String(leaf[3]).toLowerCase() === me) {
        return { id: BigInt(v.versionId), units: BigInt(leaf[4]), proof: tree.getProof(i) };
      }
    }
    throw new Error(`the shares tree of version ${v.versionId} has no leaf for ${ctx.wallets.address}`);
  }));
}

async function claimDirect(ctx, chain, versions, token, panel) {
  const steps = new Steps('Claiming');
  replace(panel, steps.list);
  try {
    const leaves = await proofs(ctx, versions);
    await chain.send({
      to: ctx.config.market, abi: marketAbi, functionName: 'claim',
      args: [leaves.map(l => l.id), ctx.wallets.address, leaves.map(l => l.units), leaves.map(l => l.proof)],
      what: `Claim of versions ${versions.map(v => v.versionId).join(', ')}`,
    }, steps.add('Claim'));
    panel.append(notice('ok', 'Claimed', [`${token.format(versions.reduce((sum, v) => sum + BigInt(v.claimable), 0n))} sent to ${short(ctx.wallets.address)}`]),
      action('Refresh', () => { location.reload(); }));
  } catch (error) {
    panel.append(notice('error', 'The claim did not go through', [error.message]));
  }
}

async function claimRelayed(ctx, chain, versions, token, panel) {
  const steps = new Steps('Claiming through the node');
  replace(panel, steps.list);
  const sign = steps.add('Sign the claim');
  const relay = steps.add('The node sends it');
  try {
    const leaves = await proofs(ctx, versions);
    const me = ctx.wallets.address;
    const nonce = await chain.read(ctx.config.market, marketAbi, 'nonces', [me]);
    const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
    const ids = leaves.map(l => l.id);
    sign({ state: 'waiting', text: 'Sign the claim in your wallet (it costs nothing)' });
    const signature = await ctx.wallets.signTypedData({
      types: {
        EIP712Domain: EIP712_DOMAIN,
        Claim: [{ name: 'account', type: 'address' }, { name: 'recipient', type: 'address' }, { name: 'versionsHash', type: 'bytes32' }, { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }],
      },
      primaryType: 'Claim',
      domain: { name: 'DataUnion DatasetMarket', version: '1', chainId: ctx.config.chainId, verifyingContract: ctx.config.market },
      message: { account: me, recipient: me, versionsHash: keccak256(concat(ids.map(id => toHex(id, { size: 32 })))), nonce: nonce.toString(), deadline: deadline.toString() },
    }, 'the claim signature');
    sign({ state: 'mined', text: 'Claim signed' });
    let intent = await call('/api/v1/me/claims', {
      method: 'POST', token: ctx.wallets.token,
      body: {
        versionIds: leaves.map(l => Number(l.id)), shares: leaves.map(l => l.units.toString()), proofs: leaves.map(l => l.proof),
        recipient: me, nonce: nonce.toString(), deadline: deadline.toString(), signature,
      },
    });
    for (;;) {
      relay({ state: 'pending', text: `The node sends it: ${intent.state.toLowerCase()}${intent.transaction ? ` (${intent.transaction})` : ''}` });
      if (intent.state === 'Confirmed' || intent.state === 'Mined') break;
      if (intent.state === 'Reverted' || intent.state === 'Failed') throw new Error(`the node's transaction ${intent.state.toLowerCase()}: ${intent.lastError ?? 'no reason given'}`);
      await new Promise(resolve => setTimeout(resolve, 1000));
      intent = await call(`/api/v1/me/claims/${encodeURIComponent(intent.key)}`, { token: ctx.wallets.token });
    }
    relay({ state: 'mined', text: `Sent by the node: mined in block ${intent.blockNumber}` });
    panel.append(notice('ok', 'Claimed without gas', [`${token.format(versions.reduce((sum, v) => sum + BigInt(v.claimable), 0n))} sent to ${short(me)}`]));
  } catch (error) {
    panel.append(notice('error', 'The claim did not go through', error.problems?.length ? error.problems : [error.message]));
  }
}
