// The Ignition module the run command and the .NET fixtures deploy, checked on Hardhat's
// in-process chain with the node:test runner.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import DataUnionModule from "../../deploy/modules/DataUnion.js";

describe("DataUnion Ignition module", async () => {
  const connection = await network.create();
  const { viem, ignition } = connection;
  const [deployer, other] = await viem.getWalletClients();

  it("deploys the token with the whole supply at the deployer", async () => {
    const { token } = await ignition.deploy(DataUnionModule);

    const supply = await token.read.totalSupply();
    assert.equal(supply, 1_000_000_000n * 10n ** 18n);
    assert.equal(await token.read.balanceOf([deployer.account.address]), supply);
  });

  it("honours the holder and supply parameters", async () => {
    const { token } = await ignition.deploy(DataUnionModule, {
      parameters: { DataUnion: { tokenHolder: other.account.address, initialSupply: 42n } },
    });

    assert.equal(await token.read.totalSupply(), 42n);
    assert.equal(await token.read.balanceOf([other.account.address]), 42n);
    assert.equal(await token.read.balanceOf([deployer.account.address]), 0n);
  });

  it("deploys the market and staking with the operator's roles", async () => {
    const { token, market, staking } = await ignition.deploy(DataUnionModule, {
      parameters: { DataUnion: { operator: other.account.address, feeBps: 300 } },
    });

    assert.equal(await market.read.isPaymentToken([token.address]), true);
    assert.equal(await market.read.feeBps(), 300);
    assert.equal((await market.read.defaultAdmin()).toLowerCase(), deployer.account.address.toLowerCase());
    for (const role of ["OPERATOR_ROLE", "PAUSER_ROLE", "FEE_MANAGER_ROLE"]) {
      assert.equal(await market.read.hasRole([await market.read[role](), other.account.address]), true, role);
    }
    assert.equal(await staking.read.hasRole([await staking.read.SLASHER_ROLE(), other.account.address]), true);
    assert.equal((await staking.read.token()).toLowerCase(), token.address.toLowerCase());
    assert.equal(await staking.read.cooldown(), 7n * 24n * 3600n);
  });

  it("supports EIP-2612 permit (nonces start at zero)", async () => {
    const { token } = await ignition.deploy(DataUnionModule);

    assert.equal(await token.read.nonces([deployer.account.address]), 0n);
    assert.match(await token.read.DOMAIN_SEPARATOR(), /^0x[0-9a-f]{64}$/);
  });
});
