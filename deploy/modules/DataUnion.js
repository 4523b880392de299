// Ignition module: everything the data union needs on chain, with its roles wired.
//   DataUnionToken  the payment and staking token of a local or test chain
//   DatasetMarket   versions, purchases, claims (any allowed ERC-20; the token above at first)
//   LabelerStaking  labeler stakes, cooldown and bounded slashing
// The deployer is the default admin of both contracts (two-step transfer after `adminDelay`).
// The operator (by default the deployer; on a testnet, the node's own key) gets the roles the
// node uses: OPERATOR, PAUSER and FEE_MANAGER on the market, SLASHER on staking.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export default buildModule("DataUnion", (m) => {
  const deployer = m.getAccount(0);
  // 1,000,000,000 tokens with 18 decimals go to the deployer of a local/test chain.
  const initialSupply = m.getParameter("initialSupply", 1_000_000_000n * 10n ** 18n);
  const tokenHolder = m.getParameter("tokenHolder", deployer);
  const operator = m.getParameter("operator", deployer);
  const feeRecipient = m.getParameter("feeRecipient", deployer);
  const feeBps = m.getParameter("feeBps", 250);
  const adminDelay = m.getParameter("adminDelay", 0);
  const unstakeCooldown = m.getParameter("unstakeCooldown", 7n * 24n * 3600n);
  const maxSlashBps = m.getParameter("maxSlashBps", 5_000);
  const slashRecipient = m.getParameter("slashRecipient", deployer);

  const token = m.contract("DataUnionToken", [tokenHolder, initialSupply]);
  const market = m.contract("DatasetMarket", [deployer, adminDelay, feeRecipient, feeBps, [token]]);
  const staking = m.contract("LabelerStaking", [token, unstakeCooldown, maxSlashBps, slashRecipient, deployer, adminDelay]);

  for (const role of ["OPERATOR_ROLE", "PAUSER_ROLE", "FEE_MANAGER_ROLE"]) {
    const id = m.staticCall(market, role, [], 0, { id: `market_${role}` });
    m.call(market, "grantRole", [id, operator], { id: `market_grant_${role}` });
  }
  const slasher = m.staticCall(staking, "SLASHER_ROLE", [], 0, { id: "staking_SLASHER_ROLE" });
  m.call(staking, "grantRole", [slasher, operator], { id: "staking_grant_SLASHER_ROLE" });

  return { token, market, staking };
});
