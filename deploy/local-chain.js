// Starts a local Hardhat node (EDR) on 127.0.0.1, deploys the DataUnion module to it and
// writes the deployment record, then keeps the chain running until told to stop.
//
//   node deploy/local-chain.js --port 8545 --record .data/node/chain/deployment.json
//
// Protocol with the parent (the .NET daemon or a test fixture), one JSON object per line
// on stdout: {"event":"ready","rpcUrl":...,"record":...} once the contracts are deployed,
// {"event":"error","message":...} before a non-zero exit. Everything else goes to stderr.
//
// The chain dies with its parent: when our stdin reaches end-of-file (the parent exited,
// even by kill -9) or on SIGTERM/SIGINT, the Hardhat node is stopped, so no orphan keeps
// holding the port. The Hardhat node's account listing (well-known development keys) is
// dropped rather than forwarded, so no key ever reaches a log.
import { spawn } from "node:child_process";
import { access, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const hardhatCli = path.join(projectRoot, "node_modules", "hardhat", "dist", "src", "cli.js");

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8545" },
    record: { type: "string" },
    "ignition-dir": { type: "string" },
    "timeout-ms": { type: "string", default: "60000" },
  },
});

function emit(event) {
  process.stdout.write(JSON.stringify(event) + "\n");
}

let node;
let stopping = false;
// Waits for the Hardhat node to be gone before exiting, so the port is free when we are.
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  if (node && node.exitCode === null && node.signalCode === null) {
    const exited = new Promise((resolve) => node.once("exit", resolve));
    node.kill("SIGTERM");
    const force = setTimeout(() => node.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(force);
  }
  process.exit(code);
}

// Reports the failure to the parent, stops the Hardhat node and exits 1. Never returns.
async function fail(message) {
  emit({ event: "error", message });
  await shutdown(1);
  return new Promise(() => {});
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) await fail(`--port must be 1-65535, got '${values.port}'`);
if (!values.record) await fail("--record is required: the path of the deployment record to write");
const timeoutMs = Number(values["timeout-ms"]);
const rpcUrl = `http://127.0.0.1:${port}`;
const recordPath = path.resolve(values.record);
// Ignition keeps a journal per deployment; the local chain is new on every start, so an
// old journal would describe contracts that no longer exist.
const ignitionDir = path.resolve(values["ignition-dir"] ?? path.join(path.dirname(recordPath), "ignition"));

process.stdin.on("end", () => shutdown(0));
process.stdin.resume();
process.on("SIGTERM", () => shutdown(0));
process.on("SIGINT", () => shutdown(0));

const childEnv = { ...process.env, DATAUNION_RPC_URL: rpcUrl, DATAUNION_IGNITION_DIR: ignitionDir };

node = spawn(process.execPath, [hardhatCli, "node", "--hostname", "127.0.0.1", "--port", String(port)], {
  cwd: projectRoot,
  env: childEnv,
  stdio: ["ignore", "pipe", "pipe"],
});
let nodeOutput = "";
// Set once this node says it listens: until then whatever answers on the port is another
// process's, and nothing may be deployed to it.
let listening = false;
const keepTail = (chunk) => {
  nodeOutput = (nodeOutput + chunk.toString()).slice(-4000);
  if (!listening && nodeOutput.includes("JSON-RPC server at")) listening = true;
};
node.stdout.on("data", keepTail);
node.stderr.on("data", keepTail);
node.on("exit", (code, signal) => {
  if (stopping) return;
  fail(`hardhat node exited (code ${code}, signal ${signal}) before the chain was stopped: ${redact(nodeOutput).trim()}`);
});

function redact(text) {
  return text.replace(/0x[0-9a-fA-F]{64}/g, "0x<redacted>");
}

async function rpc(method, params = []) {
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(2000),
  });
  const body = await response.json();
  if (body.error) throw new Error(body.error.message);
  return body.result;
}

async function waitForChain() {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (!listening) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    try {
      return await rpc("eth_chainId");
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return fail(listening
    ? `the Hardhat node on ${rpcUrl} did not answer eth_chainId within ${timeoutMs} ms: ${lastError?.message}`
    : `the Hardhat node did not start listening on ${rpcUrl} within ${timeoutMs} ms`);
}

function runDeploy() {
  return new Promise((resolve) => {
    const deploy = spawn(
      process.execPath,
      // The bootstrap compiled the contracts. Compiling here again would race the shared
      // cache/ folder when several chains start at once (parallel test assemblies).
      [hardhatCli, "run", "--no-compile", path.join("deploy", "deploy.js"), "--network", "localhost"],
      {
        cwd: projectRoot,
        env: { ...childEnv, DATAUNION_DEPLOYMENT_RECORD: recordPath },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    deploy.stdout.on("data", (c) => (output += c));
    deploy.stderr.on("data", (c) => (output += c));
    deploy.on("exit", (code) => resolve({ code, output }));
  });
}

try {
  await access(path.join(projectRoot, "artifacts", "contracts"));
} catch {
  await fail(`the contracts are not compiled (no artifacts/ in ${projectRoot}); run scripts/bootstrap.sh`);
}

const chainId = await waitForChain();
await rm(ignitionDir, { recursive: true, force: true });
await rm(recordPath, { force: true });
const deploy = await runDeploy();
if (deploy.code !== 0) await fail(`deploying the contracts failed (exit ${deploy.code}): ${redact(deploy.output).trim()}`);
process.stderr.write(redact(deploy.output));
emit({ event: "ready", rpcUrl, chainId: Number(chainId), record: recordPath });
