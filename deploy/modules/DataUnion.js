// Ignition module: everything the data union needs on chain.
// Later contracts (registry, market, staking) are added here with their roles wired.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export default buildModule("DataUnion", (m) => {
  const deployer = m.getAccount(0);
  // 1,000,000,000 tokens with 18 decimals go to the deployer of a local/test chain.
  const initialSupply = m.getParameter("initialSupply", 1_000_000_000n * 10n ** 18n);
  const tokenHolder = m.getParameter("tokenHolder", deployer);

  const token = m.contract("DataUnionToken", [tokenHolder, initialSupply]);

  return { token };
});
