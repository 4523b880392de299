// Deploys the DataUnion Ignition module to the selected network and writes the
// deployment record the daemon reads (chain id, addresses, deploy block, code and ABI hashes).
//
//   DATAUNION_DEPLOYMENT_RECORD=out.json npx hardhat run deploy/deploy.js --network localhost
//
// The record is written to a temp file and renamed, so a reader never sees half a record.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { network, artifacts } from "hardhat";
import { keccak256, toHex } from "viem";
import DataUnionModule from "./modules/DataUnion.js";

const RECORD_SCHEMA_VERSION = 1;

function fail(message) {
  console.error(`deploy: ${message}`);
  process.exit(1);
}

const recordPath = process.env.DATAUNION_DEPLOYMENT_RECORD;
if (!recordPath) fail("DATAUNION_DEPLOYMENT_RECORD is not set; it names the deployment record to write");

let parameters = {};
if (process.env.DATAUNION_DEPLOY_PARAMETERS) {
  try {
    parameters = JSON.parse(await readFile(process.env.DATAUNION_DEPLOY_PARAMETERS, "utf8"));
  } catch (error) {
    fail(`cannot read the parameters file ${process.env.DATAUNION_DEPLOY_PARAMETERS}: ${error.message}`);
  }
}

const connection = await network.create();
const publicClient = await connection.viem.getPublicClient();
const chainId = await publicClient.getChainId();
const startBlock = await publicClient.getBlockNumber();

const deployed = await connection.ignition.deploy(DataUnionModule, {
  parameters: { DataUnion: parameters },
  deploymentId: process.env.DATAUNION_DEPLOYMENT_ID || undefined,
});

// The module's result keys are the record's contract names; the artifact name comes from
// Ignition's future so a renamed variable cannot silently point at another artifact.
const contracts = {};
let deployBlock = null;
for (const [key, future] of Object.entries(DataUnionModule.results)) {
  const address = deployed[key].address;
  const code = await publicClient.getCode({ address });
  if (!code || code === "0x") fail(`no code at ${address} for ${key} after deployment`);
  const artifact = await artifacts.readArtifact(future.contractName);
  const block = await findCreationBlock(address, startBlock);
  if (deployBlock === null || block < deployBlock) deployBlock = block;
  contracts[future.contractName] = {
    address,
    artifact: `${artifact.sourceName}:${artifact.contractName}`,
    codeHash: keccak256(code),
    abiHash: keccak256(toHex(JSON.stringify(artifact.abi))),
  };
}

// The earliest block at which the contract has code. Binary search over eth_getCode keeps
// it exact even when Ignition resumed a deployment that started in an earlier run; a node
// without history for old blocks falls back to the block this run started at.
async function findCreationBlock(address, fallback) {
  const head = await publicClient.getBlockNumber();
  let lo = 0n;
  let hi = head;
  try {
    while (lo < hi) {
      const mid = (lo + hi) / 2n;
      const code = await publicClient.getCode({ address, blockNumber: mid });
      if (code && code !== "0x") hi = mid;
      else lo = mid + 1n;
    }
    return lo;
  } catch {
    return fallback + 1n;
  }
}

const record = {
  schemaVersion: RECORD_SCHEMA_VERSION,
  chainId,
  network: connection.networkName,
  deployBlock: Number(deployBlock),
  deployedAt: new Date().toISOString(),
  contracts,
};

await mkdir(path.dirname(path.resolve(recordPath)), { recursive: true });
const temp = `${recordPath}.tmp-${process.pid}`;
await writeFile(temp, JSON.stringify(record, null, 2) + "\n", { flush: true });
await rename(temp, recordPath);
console.log(`deploy: chain ${chainId}, ${Object.keys(contracts).length} contract(s), record ${recordPath}`);
await connection.close();
