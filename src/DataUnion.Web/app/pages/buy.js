// Buyer: the catalog of published versions, buying one from the wallet (an EIP-2612 permit
// where the token has one, else approve then purchase), and downloading a bought version's
// CAR with every block checked against its CID and the root against the manifest CID on chain.
import { parseSignature, encodeEventTopics, decodeEventLog } from 'viem';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { CarBlockIterator } from '@ipld/car/iterator';
import * as dagPb from '@ipld/dag-pb';
import { call, ApiError } from '../api.js';
import { h, replace, notice, action, short } from '../dom.js';
import { Chain, marketAbi, tokenAbi, tokenInfo, EIP712_DOMAIN } from '../chain.js';
import { Steps } from '../steps.js';

export async function render(ctx) {
  const section = h('section', { class: 'buy' }, h('h1', null, 'Buy a dataset version'));
  let versions;
  try {
    versions = await call('/api/v1/versions');
  } catch (error) {
    section.append(notice('warn', error.title, error.problems));
    return section;
  }
  const live = versions.filter(v => !v.retired);
  section.append(h('p', null, 'Each version is a fixed set of labeled images. Its price is paid in tokens from your wallet, and the revenue goes to the people who contributed and labeled its images.'));
  if (live.length === 0) {
    section.append(notice('info', 'No version is on sale yet'));
    return section;
  }
  const gate = ctx.gate('buy and download');
  if (gate) section.append(gate);
  const chain = gate ? null : new Chain(ctx.wallets, ctx.config);
  const panel = h('div', { id: 'buy-panel' });
  const cards = h('ul', { class: 'catalog' });
  for (const v of live) cards.append(await card(ctx, chain, v, panel));
  section.append(cards, panel);
  return section;
}

async function card(ctx, chain, v, panel) {
  let classes = v.classes ? Object.entries(v.classes).map(([name, boxes]) => `${name} (${boxes} box${boxes === 1 ? '' : 'es'})`) : [];
  if (!v.classes) {
    try { classes = (await call(`/api/v1/versions/${v.versionId}/manifest.json`)).classes ?? []; } catch { /* built elsewhere */ }
  }
  const token = chain ? await tokenInfo(chain, v.token) : null;
  const price = token ? token.format(v.price) : `${v.price} units of ${short(v.token)}`;
  const bought = chain ? await chain.read(ctx.config.market, marketAbi, 'hasPurchased', [ctx.wallets.address, BigInt(v.versionId)]) : false;
  return h('li', { 'data-version': v.versionId },
    h('h2', null, `${v.dataset ?? `Dataset ${v.datasetId}`}, version ${v.versionId}`),
    h('dl', null,
      h('dt', null, 'Images'), h('dd', null, v.imageCount ?? 'not known to this node'),
      h('dt', null, 'Classes'), h('dd', null, classes.length ? classes.join(', ') : '—'),
      h('dt', null, 'Price'), h('dd', { class: 'price' }, price),
      h('dt', null, 'Purchases'), h('dd', null, String(v.purchases)),
      h('dt', null, 'Manifest'), h('dd', null, h('code', null, short(v.manifestCid ?? '', 12))),
      h('dt', null, 'Who it represents'), h('dd', null, h('a', { href: `#/fairness/${v.versionId}` }, 'composition'))),
    chain && !bought ? action(`Buy version ${v.versionId}`, () => buy(ctx, chain, v, token, panel), { class: 'primary' }) : null,
    chain && bought ? h('p', { class: 'ok' }, 'You bought this version.') : null,
    chain && bought ? action(`Download version ${v.versionId}`, () => download(ctx, chain, v, panel)) : null);
}

async function buy(ctx, chain, v, token, panel) {
  const steps = new Steps(`Buying version ${v.versionId}`);
  replace(panel, h('h2', null, `Buying version ${v.versionId}`), steps.list);
  const market = ctx.config.market;
  const me = ctx.wallets.address;
  const id = BigInt(v.versionId);
  try {
    const version = await chain.read(market, marketAbi, 'getVersion', [id]);
    if (version.retired) throw new Error(`version ${v.versionId} is retired: it is no longer sold`);
    const price = version.price;
    const balance = await chain.read(version.token, tokenAbi, 'balanceOf', [me]);
    if (balance < price) throw new Error(`your balance of ${token.format(balance)} is below the price of ${token.format(price)}; nothing was sent`);
    const permit = await chain.has(version.token, tokenAbi, 'nonces', [me]) && await chain.has(version.token, tokenAbi, 'eip712Domain');
    if (permit) {
      const sign = steps.add('Sign the permit to spend the price');
      const [, name, domainVersion, chainId, verifyingContract] = await chain.read(version.token, tokenAbi, 'eip712Domain');
      const nonce = await chain.read(version.token, tokenAbi, 'nonces', [me]);
      const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
      sign({ state: 'waiting', text: 'Sign the permit in your wallet (it costs nothing)' });
      const signature = await ctx.wallets.signTypedData({
        types: {
          EIP712Domain: EIP712_DOMAIN,
          Permit: [{ name: 'owner', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'value', type: 'uint256' }, { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }],
        },
        primaryType: 'Permit',
        domain: { name, version: domainVersion, chainId: Number(chainId), verifyingContract },
        message: { owner: me, spender: market, value: price.toString(), nonce: nonce.toString(), deadline: deadline.toString() },
      }, 'the permit signature');
      sign({ state: 'mined', text: 'Permit signed' });
      const { r, s, v: sv, yParity } = parseSignature(signature);
      const recovery = sv != null ? Number(sv) : 27 + yParity;
      await chain.send({ to: market, abi: marketAbi, functionName: 'purchaseWithPermit', args: [id, price, deadline, recovery, r, s], what: `Purchase of version ${v.versionId}` }, steps.add('Purchase'));
    } else {
      const allowance = await chain.read(version.token, tokenAbi, 'allowance', [me, market]);
      if (allowance < price) {
        await chain.send({ to: version.token, abi: tokenAbi, functionName: 'approve', args: [market, price], what: 'Approval of the price' }, steps.add('Approve the price'));
      }
      await chain.send({ to: market, abi: marketAbi, functionName: 'purchase', args: [id, price], what: `Purchase of version ${v.versionId}` }, steps.add('Purchase'));
    }
    panel.append(notice('ok', `You bought version ${v.versionId}`, [`${token.format(price)} paid from ${short(me)}`]),
      action(`Download version ${v.versionId}`, () => download(ctx, chain, v, panel), { class: 'primary' }));
  } catch (error) {
    panel.append(notice('error', 'The purchase did not go through', [error.message]));
  }
}

async function download(ctx, chain, v, panel) {
  const progress = h('progress', { max: '1', value: '0', 'aria-label': `Downloading version ${v.versionId}` });
  const status = h('p', { 'aria-live': 'polite' }, 'Checking the manifest CID on chain…');
  replace(panel, h('h2', null, `Downloading version ${v.versionId}`), progress, status);
  try {
    const onChain = await manifestOnChain(ctx, v);
    const response = await fetch(`/api/v1/versions/${v.versionId}/car`, { headers: { Authorization: `Bearer ${ctx.wallets.token}`, Accept: 'application/vnd.ipld.car' } });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new ApiError(response.status, body.title ?? `the node answered ${response.status}`, body.problems ?? []);
    }
    const total = Number(response.headers.get('Content-Length')) || 0;
    const chunks = [];
    let received = 0;
    const reader = response.body.getReader();
    const stream = {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          chunks.push(value);
          received += value.length;
          if (total) progress.value = received / total;
          status.textContent = `${(received / 1048576).toFixed(1)} MiB received, every block checked`;
          yield value;
        }
      },
    };
    const blocks = await CarBlockIterator.fromIterable(stream);
    const [root] = await blocks.getRoots();
    if (!root || !root.equals(onChain)) throw new Error(`the CAR's root ${root} is not the manifest CID on chain, ${onChain}`);
    const seen = new Set();
    const linked = new Set([root.toString()]);
    let count = 0;
    for await (const { cid, bytes } of blocks) {
      if (cid.multihash.code !== sha256.code) throw new Error(`block ${cid} is not hashed with sha2-256`);
      const digest = await sha256.digest(bytes);
      if (!equal(digest.digest, cid.multihash.digest)) throw new Error(`block ${cid} does not hash to its CID: the download was altered`);
      seen.add(cid.toString());
      if (cid.code === dagPb.code) for (const link of dagPb.decode(bytes).Links) linked.add(link.Hash.toString());
      count++;
    }
    const missing = [...linked].filter(c => !seen.has(c));
    if (missing.length) throw new Error(`${missing.length} blocks of the version are missing from the download, ${missing[0]} first`);
    progress.value = 1;
    const file = URL.createObjectURL(new Blob(chunks, { type: 'application/vnd.ipld.car' }));
    replace(status, `Verified: ${count} blocks, root ${root} as on chain. `,
      h('a', { href: file, download: `version-${v.versionId}.car`, class: 'button', id: 'save-car' }, 'Save the verified CAR'));
  } catch (error) {
    panel.append(notice('error', 'The download was not verified; nothing was saved', error.problems?.length ? error.problems : [error.message]));
  }
}

/** The manifest CID the market's VersionPublished event holds for the version, read through the wallet. */
async function manifestOnChain(ctx, v) {
  const topics = encodeEventTopics({ abi: marketAbi, eventName: 'VersionPublished', args: { versionId: BigInt(v.versionId) } });
  const logs = await ctx.wallets.request('eth_getLogs', [{ address: ctx.config.market, topics, fromBlock: '0x0', toBlock: 'latest' }], 'reading the version from the chain');
  if (logs.length === 0) throw new Error(`the market has no VersionPublished event for version ${v.versionId}`);
  const { args } = decodeEventLog({ abi: marketAbi, data: logs[0].data, topics: logs[0].topics });
  return CID.decode(hexBytes(args.manifestCid));
}

function hexBytes(hex) {
  return Uint8Array.from(hex.slice(2).match(/../g) ?? [], b => parseInt(b, 16));
}

function equal(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
