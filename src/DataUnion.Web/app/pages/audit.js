// Auditor: no sign-in. Drop a photo (its CID computed here, with the node's chunking: CIDv1, raw
// leaves, 256 KiB chunks, 174 links per node, as kubo's `add --cid-version 1`) or paste a CID;
// every published version holding it is found from the public tree dumps, its proof checked
// against the root, on chain through the wallet when one is connected, and its consent's digest
// and signer recomputed from the manifest.
import { importer } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';
import { CID } from 'multiformats/cid';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { hashTypedData, recoverTypedDataAddress, toHex, isAddressEqual } from 'viem';
import { call } from '../api.js';
import { h, replace, notice, action, short, dropZone } from '../dom.js';
import { Chain, marketAbi } from '../chain.js';

const SHA2_256 = 0x12;

export async function render(ctx) {
  const result = h('div', { id: 'audit-result', 'aria-live': 'polite' });
  const input = h('input', { type: 'text', id: 'cid', name: 'cid', placeholder: 'bafkrei…', autocomplete: 'off', spellcheck: 'false' });
  const run = async cid => replace(result, await audit(ctx, cid));
  const fromFile = async f => {
    replace(result, h('p', null, `Computing the CID of ${f.name}…`));
    try {
      const cid = await cidOf(f);
      input.value = cid.toString();
      await run(cid);
    } catch (error) {
      replace(result, notice('error', `The CID of ${f.name} could not be computed`, [error.message]));
    }
  };
  const drop = dropZone({
    id: 'audit-drop', inputId: 'photo', text: 'Drop a photo here, or ', button: 'choose a photo', accept: 'image/jpeg,image/png,image/webp', onFiles: files => fromFile(files[0]),
  });
  const check = action('Trace', async () => {
    let cid;
    try { cid = CID.parse(input.value.trim()); } catch (error) {
      replace(result, notice('error', 'That is not a CID', [`"${input.value.trim().slice(0, 80)}": ${error.message}`]));
      return;
    }
    await run(cid);
  }, { class: 'primary', id: 'trace' });
  return h('section', { class: 'audit' },
    h('h1', null, 'Audit a photo'),
    h('p', null, 'Find every published version that holds a photo, and check it yourself: the proof against the root on chain, and the contributor\'s signed consent. Drop the photo as the dataset holds it (location and camera metadata stripped), or paste its CID.'),
    drop,
    h('div', { class: 'field' }, h('label', { for: 'cid' }, 'CID'), input), check,
    ctx.wallets.address && ctx.wallets.onChain(ctx.config.chainId) ? null
      : h('div', { class: 'muted' },
        h('p', null, 'Connect a wallet (no sign-in, nothing is signed) to check each proof against the market on chain; otherwise it is checked against the root this node reports.'),
        ctx.wallets.address
          ? action('Switch network', () => ctx.wallets.switchChain(ctx.config.chainId).catch(e => ctx.say('error', 'The network was not switched', [e.message])))
          : ctx.connectActions()),
    result);
}

/** The CID the node gives these bytes. */
async function cidOf(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const blockstore = { put: async cid => cid };
  let root;
  for await (const entry of importer([{ content: bytes }], blockstore, {
    cidVersion: 1, rawLeaves: true, chunker: fixedSize({ chunkSize: 262_144 }), layout: balanced({ maxChildrenPerNode: 174 }),
  })) root = entry.cid;
  return root;
}

async function audit(ctx, cid) {
  if (cid.multihash.code !== SHA2_256) return notice('error', 'Not a sha2-256 CID', [`${cid} is hashed with code ${cid.multihash.code}; versions name images by their sha2-256 digest`]);
  const digest = toHex(cid.multihash.digest);
  let versions;
  try { versions = await call('/api/v1/versions'); } catch (error) { return notice('error', error.title, error.problems); }
  const chain = ctx.wallets.address && ctx.wallets.onChain(ctx.config.chainId) ? new Chain(ctx.wallets, ctx.config) : null;
  const found = [];
  const unread = [];
  for (const v of versions) {
    let tree;
    try { tree = StandardMerkleTree.load(await call(`/api/v1/versions/${v.versionId}/trees/images.json`)); } catch { unread.push(v.versionId); continue; }
    for (const [i, leaf] of tree.entries()) {
      if (String(leaf[3]).toLowerCase() === digest) found.push(await checkVersion(ctx, chain, v, tree, i, leaf));
    }
  }
  const summary = found.length
    ? notice(found.every(f => f.ok) ? 'ok' : 'error', `${cid} is in ${found.length} published version${found.length === 1 ? '' : 's'}`,
      [found.every(f => f.ok) ? 'every check passed' : 'a check failed: see below'])
    : notice('warn', `${cid} is in no published version`, ['a photo is named by the CID of its bytes as stored, after its metadata was stripped']);
  return h('div', null, summary,
    unread.length ? notice('warn', 'Some versions could not be read', [`versions ${unread.join(', ')} have no public tree dump on this node`]) : null,
    found.map(f => f.view));
}

async function checkVersion(ctx, chain, v, tree, index, leaf) {
  const checks = [];
  const add = (ok, text) => checks.push({ ok, text });
  const proof = tree.getProof(index);
  add(tree.root.toLowerCase() === v.imagesRoot.toLowerCase(), `the tree's root ${short(tree.root, 10)} is the version's images root`);
  add(StandardMerkleTree.verify(tree.root, ['uint256', 'address', 'uint256', 'bytes32', 'address', 'bytes32'], leaf, proof), `the proof (${proof.length} hashes) leads from the photo's leaf to the root`);
  const [chainId, market, versionId, cidDigest, contributor, consentHash] = leaf;
  add(String(chainId) === String(ctx.config.chainId) && isAddressEqual(market, ctx.config.market) && String(versionId) === v.versionId,
    `the leaf names chain ${chainId}, market ${short(market)} and version ${versionId}`);
  if (chain) {
    const onChain = await chain.read(ctx.config.market, marketAbi, 'verifyImage', [BigInt(versionId), cidDigest, contributor, consentHash, proof]).catch(() => false);
    add(onChain, 'the market\'s verifyImage accepts the proof on chain');
  }
  try {
    const manifest = await call(`/api/v1/versions/${v.versionId}/manifest.json`);
    const entry = manifest.images.find(e => String(e.consent?.message?.image).toLowerCase() === String(cidDigest).toLowerCase());
    if (!entry) throw new Error('the manifest does not list the photo');
    const typed = typedData(manifest.consent, entry.consent.message);
    add(hashTypedData(typed).toLowerCase() === String(consentHash).toLowerCase(), 'the consent in the manifest hashes to the leaf\'s consent hash');
    if (entry.consent.signer === 'eoa') {
      const signer = await recoverTypedDataAddress({ ...typed, signature: entry.consent.signature });
      add(isAddressEqual(signer, contributor), `the consent was signed by the contributor ${short(contributor)}`);
    } else {
      add(true, `the consent was signed by the contributor's contract wallet ${short(contributor)} (ERC-1271; the node checked it when it was given)`);
    }
    checks.push({ ok: true, text: `dataset ${manifest.dataset}, licence ${manifest.licence?.id}` });
  } catch (error) {
    add(false, `the manifest could not be checked: ${error.message}`);
  }
  if (!chain) checks.push({ ok: true, text: 'not checked on chain: connect a wallet to ask the market' });
  const ok = checks.every(c => c.ok);
  return {
    ok,
    view: h('article', { class: 'finding', 'data-version': v.versionId },
      h('h2', null, `Version ${v.versionId}${v.dataset ? ` of ${v.dataset}` : ''}`),
      h('p', null, `Contributor ${contributor}; ${v.purchases} purchase${v.purchases === 1 ? '' : 's'} so far${v.retired ? '; retired' : ''}.`),
      h('ul', { class: 'checks' }, checks.map(c => h('li', { class: c.ok ? 'ok' : 'bad' }, `${c.ok ? '✔' : '✘'} ${c.text}`)))),
  };
}

/** The image's EIP-712 typed data: the manifest's shared domain and types with the image's message. */
function typedData(shared, message) {
  const fields = shared.types[shared.primaryType];
  const value = Object.fromEntries(fields.map(f => [f.name, /^u?int/.test(f.type) ? BigInt(message[f.name]) : message[f.name]]));
  const domain = { ...shared.domain, chainId: shared.domain.chainId == null ? undefined : Number(shared.domain.chainId) };
  const types = Object.fromEntries(Object.entries(shared.types).filter(([name]) => name !== 'EIP712Domain'));
  return { domain, types, primaryType: shared.primaryType, message: value };
}
