// Hardhat 3 configuration. Everything here works offline: the Solidity compiler is the
// npm package `solc` (a WASM build), so Hardhat never tries to download a compiler.
import { createRequire } from "node:module";
import { configVariable, defineConfig } from "hardhat/config";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";

const require = createRequire(import.meta.url);
const solcPath = require.resolve("solc/soljson.js");

// Keep the version in step with the `solc` pin in package.json.
export const SOLC_VERSION = "0.8.28";

export default defineConfig({
  plugins: [hardhatToolboxViem],
  solidity: {
    version: SOLC_VERSION,
    path: solcPath,
    settings: {
      optimizer: { enabled: true, runs: 10_000 },
      // Cancun for transient storage (the market's reentrancy guard). The IR pipeline packs each
      // version's fields into one write per storage slot, which is what keeps publishVersion
      // under its 150k gas target (docs/benchmarks.md).
      evmVersion: "cancun",
      viaIR: true,
    },
  },
  paths: {
    sources: "contracts",
    tests: {
      solidity: "contracts/test",
      nodejs: "tests/contracts",
    },
    // Ignition keeps its deployment journals under <ignition>/deployments. The local chain
    // launcher points this at the data directory, because its chain is new on every start.
    ignition: process.env.DATAUNION_IGNITION_DIR ?? "deploy",
  },
  networks: {
    // The local node started by `scripts/run.sh` and by the .NET test fixture.
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.DATAUNION_RPC_URL ?? "http://127.0.0.1:8545",
    },
    // A public testnet. The URL and the deployer key are configuration variables: Hardhat reads
    // them from its encrypted keystore (`npx hardhat keystore set SEPOLIA_PRIVATE_KEY`) or from the
    // environment, only when this network is used. No key is ever in the repository.
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
    },
  },
});
