// Receipt gas (21,000 base and calldata included) of the market's hot paths, against their gas
// targets (docs/benchmarks.md), on Hardhat's in-process chain. A figure over its target fails, and so does any figure
// that differs from contracts/gas-snapshot.json (UPDATE_GAS_SNAPSHOT=1 rewrites the file).
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { concat, encodeAbiParameters, keccak256, toHex } from "viem";

const SNAPSHOT = new URL("../../contracts/gas-snapshot.json", import.meta.url);
const TARGETS = { publishVersion: 150_000n, purchase: 100_000n, claimOneVersion: 90_000n };

const hashPair = (a, b) => keccak256(BigInt(a) < BigInt(b) ? concat([a, b]) : concat([b, a]));
const sharesLeaf = (chainId, market, versionId, account, shares) =>
  keccak256(keccak256(encodeAbiParameters(
    [{ type: "uint256" }, { type: "address" }, { type: "uint256" }, { type: "address" }, { type: "uint256" }],
    [chainId, market, versionId, account, shares])));

/** A proof of depth `depth` for `leaf` (a tree of 2^depth leaves), and its root. */
function proofOfDepth(leaf, depth, seed) {
  const proof = [];
  let node = leaf;
  for (let i = 0; i < depth; i++) {
    const sibling = keccak256(toHex(`${seed}-${i}`));
    proof.push(sibling);
    node = hashPair(node, sibling);
  }
  return { proof, root: node };
}

describe("DatasetMarket gas", async () => {
  const { viem } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [admin, buyer, coOwner, other] = await viem.getWalletClients();
  const chainId = BigInt(await publicClient.getChainId());
  const figures = {};

  async function gasOf(promise) {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await promise });
    assert.equal(receipt.status, "success");
    return receipt.gasUsed;
  }

  async function deploy() {
    const token = await viem.deployContract("DataUnionToken", [admin.account.address, 10n ** 30n]);
    const market = await viem.deployContract("DatasetMarket", [
      admin.account.address, 0, admin.account.address, 500, [token.address]]);
    await market.write.grantRole([await market.read.OPERATOR_ROLE(), admin.account.address]);
    for (const wallet of [buyer, other]) {
      await token.write.transfer([wallet.account.address, 10n ** 24n]);
      await token.write.approve([market.address, 2n ** 255n], { account: wallet.account });
    }
    await token.write.approve([market.address, 2n ** 255n]);
    return { token, market };
  }

  const manifest = toHex(new Uint8Array(36).fill(0x12));

  it("publishVersion costs at most 150k", async () => {
    const { token, market } = await deploy();
    const root = keccak256(toHex("root"));
    // The first publish also initialises versionCount; the second is what every later one costs.
    await market.write.publishVersion([1n, root, root, 1_000_000n, 10n ** 18n, token.address, manifest]);
    figures.publishVersion = await gasOf(market.write.publishVersion([1n, root, root, 1_000_000n, 10n ** 18n, token.address, manifest]));
    assert.ok(figures.publishVersion <= TARGETS.publishVersion, `publishVersion used ${figures.publishVersion}`);
  });

  it("purchase costs the same for 10 co-owners as for 1,000,000, at most 100k", async () => {
    const { token, market } = await deploy();
    const gas = {};
    for (const coOwners of [10n, 1_000_000n]) {
      const root = keccak256(toHex(`tree of ${coOwners}`));
      await market.write.publishVersion([1n, root, root, coOwners * 100n, 10n ** 18n, token.address, manifest]);
      const versionId = await market.read.versionCount();
      // Someone else buys first, so the measured purchase is a typical one (fee slot and
      // accumulator already written), not the version's very first.
      const first = await gasOf(market.write.purchase([versionId, 10n ** 18n], { account: other.account }));
      // The second version's first purchase: the market already holds the token and has fees.
      if (coOwners === 1_000_000n) figures.purchaseFirstOfVersion = first;
      gas[coOwners] = await gasOf(market.write.purchase([versionId, 10n ** 18n], { account: buyer.account }));
    }
    figures.purchase = gas[10n];
    figures.purchaseMillionCoOwners = gas[1_000_000n];
    assert.equal(gas[10n], gas[1_000_000n]);
    assert.ok(figures.purchase <= TARGETS.purchase, `purchase used ${figures.purchase}`);
  });

  it("claiming one version with a proof from a 1,000,000-leaf tree costs at most 90k", async () => {
    const { token, market } = await deploy();
    const versionId = 1n;
    const shares = 7n;
    const leaf = sharesLeaf(chainId, market.address, versionId, coOwner.account.address, shares);
    // 2^20 = 1,048,576 leaves: a proof of 20 siblings.
    const { proof, root } = proofOfDepth(leaf, 20, "million");
    await market.write.publishVersion([1n, root, root, 1_000_000n, 10n ** 18n, token.address, manifest]);
    await market.write.purchase([versionId, 10n ** 18n], { account: buyer.account });
    // The co-owner already holds some of the token, as most claimants of a second payout do.
    await token.write.transfer([coOwner.account.address, 1n]);

    figures.claimOneVersion = await gasOf(market.write.claimVersion([versionId, coOwner.account.address, shares, proof], { account: other.account }));
    await market.write.purchase([versionId, 10n ** 18n], { account: other.account });
    figures.claimOneVersionAgain = await gasOf(market.write.claimVersion([versionId, coOwner.account.address, shares, proof], { account: other.account }));
    await market.write.purchase([versionId, 10n ** 18n], { account: admin.account });
    figures.claimOneVersionThroughBatch = await gasOf(market.write.claim([[versionId], coOwner.account.address, [shares], [proof]], { account: other.account }));

    // A co-owner who has never held the token: the token writes a new balance slot.
    const fresh = "0x00000000000000000000000000000000000f4e57";
    const freshLeaf = sharesLeaf(chainId, market.address, 2n, fresh, shares);
    const freshTree = proofOfDepth(freshLeaf, 20, "million-fresh");
    await market.write.publishVersion([1n, freshTree.root, freshTree.root, 1_000_000n, 10n ** 18n, token.address, manifest]);
    await market.write.purchase([2n, 10n ** 18n], { account: buyer.account });
    figures.claimOneVersionToNewHolder = await gasOf(market.write.claimVersion([2n, fresh, shares, freshTree.proof], { account: other.account }));

    assert.ok(figures.claimOneVersion <= TARGETS.claimOneVersion, `claim used ${figures.claimOneVersion}`);
    assert.ok(await token.read.balanceOf([coOwner.account.address]) > 1n);
  });

  it("matches the committed snapshot (UPDATE_GAS_SNAPSHOT=1 rewrites it)", () => {
    const measured = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Number(v)]));
    const targets = Object.fromEntries(Object.entries(TARGETS).map(([k, v]) => [k, Number(v)]));
    if (process.env.UPDATE_GAS_SNAPSHOT === "1") {
      writeFileSync(SNAPSHOT, JSON.stringify({ targets, receiptGas: measured }, null, 2) + "\n");
    }
    const recorded = JSON.parse(readFileSync(SNAPSHOT, "utf8"));
    assert.deepEqual(recorded.targets, targets);
    // Gas on the in-process chain is deterministic: any change to it must be reviewed and committed.
    assert.deepEqual(measured, recorded.receiptGas, "gas changed; rerun with UPDATE_GAS_SNAPSHOT=1 and commit contracts/gas-snapshot.json");
  });
});
