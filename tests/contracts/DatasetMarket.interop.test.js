// Interop with software no one here wrote: trees built by @openzeppelin/merkle-tree verify on
// chain, and a claim signed with viem's EIP-712 implementation is accepted by claimWithSig.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { network } from "hardhat";
import { keccak256, sha256, toHex } from "viem";

// The leaf layouts of contracts/README.md.
const SHARES_LEAF = ["uint256", "address", "uint256", "address", "uint256"];
const IMAGE_LEAF = ["uint256", "address", "uint256", "bytes32", "address", "bytes32"];

describe("DatasetMarket with @openzeppelin/merkle-tree and viem", async () => {
  const { viem } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [admin, buyer, alice, recipient] = await viem.getWalletClients();
  const chainId = BigInt(await publicClient.getChainId());

  const token = await viem.deployContract("DataUnionToken", [admin.account.address, 10n ** 30n]);
  const market = await viem.deployContract("DatasetMarket", [admin.account.address, 0, admin.account.address, 1000, [token.address]]);
  await market.write.grantRole([await market.read.OPERATOR_ROLE(), admin.account.address]);
  await token.write.transfer([buyer.account.address, 10n ** 24n]);
  await token.write.approve([market.address, 2n ** 255n], { account: buyer.account });

  // 1000 co-owners with varied shares; alice is one of them.
  const versionId = 1n;
  const owners = Array.from({ length: 999 }, (_, i) => [`0x${(i + 1).toString(16).padStart(40, "0")}`, BigInt(i % 17 + 1)]);
  owners.push([alice.account.address, 40n]);
  const totalShares = owners.reduce((sum, [, shares]) => sum + shares, 0n);
  const sharesTree = StandardMerkleTree.of(owners.map(([account, shares]) => [chainId, market.address, versionId, account, shares]), SHARES_LEAF);
  const images = Array.from({ length: 64 }, (_, i) => [chainId, market.address, versionId, sha256(toHex(`image ${i}`)), alice.account.address, keccak256(toHex(`consent ${i}`))]);
  const imagesTree = StandardMerkleTree.of(images, IMAGE_LEAF);
  await market.write.publishVersion([1n, imagesTree.root, sharesTree.root, totalShares, 10n ** 20n, token.address, "0x01551220" + "ab".repeat(32)]);
  await market.write.purchase([versionId, 10n ** 20n], { account: buyer.account });

  const aliceEntry = [...sharesTree.entries()].find(([, leaf]) => leaf[3] === alice.account.address);

  it("computes the same shares leaf as the tree", async () => {
    const [index, [, , , account, shares]] = aliceEntry;
    assert.equal(await market.read.sharesLeaf([versionId, account, shares]), sharesTree.leafHash(sharesTree.at(index)));
  });

  it("verifies every sampled image proof, and refuses a leaf of another contributor", async () => {
    for (const [index, leaf] of [...imagesTree.entries()].filter(([i]) => i % 9 === 0)) {
      const proof = imagesTree.getProof(index);
      assert.equal(await market.read.verifyImage([versionId, leaf[3], leaf[4], leaf[5], proof]), true);
      assert.equal(await market.read.verifyImage([versionId, leaf[3], buyer.account.address, leaf[5], proof]), false);
    }
  });

  it("pays a claim proven with the tree's proof", async () => {
    const [index, [, , , account, shares]] = [...sharesTree.entries()][500];
    const expected = (10n ** 20n * 9n / 10n) * shares / totalShares;
    await market.write.claimVersion([versionId, account, shares, sharesTree.getProof(index)]);
    const balance = await token.read.balanceOf([account]);
    // Floor division of the accumulator may leave less than one unit behind.
    assert.ok(balance <= expected && expected - balance <= 1n, `paid ${balance}, expected about ${expected}`);
  });

  it("accepts a claim signed with viem's signTypedData and pays the signed recipient", async () => {
    const [index, [, , , account, shares]] = aliceEntry;
    const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
    const signature = await alice.signTypedData({
      domain: { name: "DataUnion DatasetMarket", version: "1", chainId, verifyingContract: market.address },
      types: { Claim: [
        { name: "account", type: "address" }, { name: "recipient", type: "address" }, { name: "versionsHash", type: "bytes32" },
        { name: "nonce", type: "uint256" }, { name: "deadline", type: "uint256" }] },
      primaryType: "Claim",
      message: { account, recipient: recipient.account.address, versionsHash: keccak256(toHex(versionId, { size: 32 })), nonce: 0n, deadline },
    });
    const before = await token.read.balanceOf([recipient.account.address]);

    await market.write.claimWithSig([[versionId], account, [shares], [sharesTree.getProof(index)],
      { recipient: recipient.account.address, nonce: 0n, deadline, signature }], { account: buyer.account });

    const received = (await token.read.balanceOf([recipient.account.address])) - before;
    assert.equal(received, (10n ** 20n * 9n / 10n) * shares / totalShares);
    assert.equal(await token.read.balanceOf([account]), 0n);
  });
});
