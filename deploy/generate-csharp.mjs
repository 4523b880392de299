// Generates typed Nethereum access to the project's contracts from Hardhat's artifacts:
// one C# file per contract in src/DataUnion.Chain/Contracts/Generated, with a FunctionMessage per
// function, an output DTO per function that returns values, an event DTO per event, an error DTO
// per custom error and a class per struct. No ABI is written by hand: a contract change changes
// these files, and C# code that no longer matches stops compiling.
//
//   node deploy/generate-csharp.mjs          write the files (scripts/bootstrap.sh does, after compiling)
//   node deploy/generate-csharp.mjs --check  exit 1 when a committed file differs from the artifacts
import { readFile, writeFile, mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUTPUT = path.join(ROOT, "src/DataUnion.Chain/Contracts/Generated");
// The contracts the node talks to; test contracts and libraries are left out.
const CONTRACTS = [
  "contracts/token/DataUnionToken.sol:DataUnionToken",
  "contracts/market/DatasetMarket.sol:DatasetMarket",
  "contracts/staking/LabelerStaking.sol:LabelerStaking",
];

// SCREAMING_CASE constants become PascalCase; camelCase names get a capital first letter.
const pascal = (name) => /^[A-Z0-9_]+$/.test(name)
  ? name.split("_").filter(Boolean).map((w) => w[0] + w.slice(1).toLowerCase()).join("")
  : name.replace(/^_+/, "").replace(/^./, (c) => c.toUpperCase());
// Members of Nethereum's FunctionMessage that a parameter must not hide.
const RESERVED = new Set(["Nonce", "Gas", "GasPrice", "AmountToSend", "FromAddress", "MaxFeePerGas",
  "MaxPriorityFeePerGas", "TransactionType", "AccessList", "AuthorisationList"]);

function csharpType(param, structs) {
  const array = param.type.match(/^(.*)\[(\d*)\]$/);
  if (array) {
    return `List<${csharpType({ ...param, type: array[1], internalType: param.internalType?.replace(/\[\d*\]$/, "") }, structs)}>`;
  }
  if (param.type === "tuple") return structName(param, structs);
  if (/^u?int\d*$/.test(param.type)) return "BigInteger";
  if (param.type === "address" || param.type === "string") return "string";
  if (param.type === "bool") return "bool";
  if (/^bytes\d*$/.test(param.type)) return "byte[]";
  throw new Error(`unsupported ABI type ${param.type}`);
}

function structName(param, structs) {
  const name = (param.internalType ?? "").replace(/^struct\s+/, "").replace(/\[\d*\]$/g, "").split(".").pop();
  if (!name) throw new Error("a tuple without a struct name in internalType");
  if (!structs.has(name)) {
    structs.set(name, null);
    structs.set(name, param.components);
    for (const component of param.components) if (component.type.startsWith("tuple")) csharpType(component, structs);
  }
  return name;
}

function properties(params, structs, { indexed = false, unnamed = "Arg" } = {}) {
  const used = new Set();
  return params.map((param, i) => {
    let name = param.name ? pascal(param.name) : `${unnamed}${i + 1}`;
    if (RESERVED.has(name)) name += "Value";
    while (used.has(name)) name += "_";
    used.add(name);
    const type = csharpType(param, structs);
    const initializer = type === "BigInteger" || type === "bool" ? ""
      : type === "string" ? " = string.Empty;"
      : type.startsWith("List<") || type === "byte[]" ? " = [];"
      : " = new();";
    const attribute = indexed
      ? `[Parameter("${param.type}", "${param.name}", ${i + 1}, ${param.indexed ? "true" : "false"})]`
      : `[Parameter("${param.type}", "${param.name}", ${i + 1})]`;
    return `    /// <summary>ABI ${param.type} <c>${param.name || `#${i + 1}`}</c>.</summary>\n    ${attribute}\n    public ${type} ${name} { get; set; }${initializer}`;
  });
}

const signature = (item) => `${item.name}(${item.inputs.map(canonical).join(",")})`;
function canonical(param) {
  if (param.type.startsWith("tuple")) return `(${param.components.map(canonical).join(",")})${param.type.slice(5)}`;
  return param.type;
}

function generate(artifact) {
  const structs = new Map();
  const blocks = [];
  const functions = artifact.abi.filter((item) => item.type === "function");
  const counts = {};
  for (const fn of functions) counts[fn.name] = (counts[fn.name] ?? 0) + 1;
  const seen = {};
  for (const fn of functions) {
    seen[fn.name] = (seen[fn.name] ?? 0) + 1;
    const suffix = counts[fn.name] > 1 ? String(seen[fn.name]) : "";
    const className = `${pascal(fn.name)}${suffix}Function`;
    const returns = fn.outputs.length === 1 && !fn.outputs[0].type.startsWith("tuple") ? `, "${fn.outputs[0].type}"` : "";
    const body = properties(fn.inputs, structs);
    blocks.push(`/// <summary><c>${signature(fn)}</c> (${fn.stateMutability}).</summary>
[Function("${fn.name}"${returns})]
public sealed partial class ${className} : FunctionMessage
{
${body.join("\n\n")}
}`);
    if (fn.outputs.length > 0) {
      blocks.push(`/// <summary>What <c>${signature(fn)}</c> returns.</summary>
[FunctionOutput]
public sealed partial class ${pascal(fn.name)}${suffix}OutputDTO : IFunctionOutputDTO
{
${properties(fn.outputs, structs, { unnamed: "ReturnValue" }).join("\n\n")}
}`);
    }
  }
  for (const event of artifact.abi.filter((item) => item.type === "event")) {
    blocks.push(`/// <summary>The event <c>${signature(event)}</c>.</summary>
[Event("${event.name}")]
public sealed partial class ${pascal(event.name)}EventDTO : IEventDTO
{
${properties(event.inputs, structs, { indexed: true }).join("\n\n")}
}`);
  }
  for (const error of artifact.abi.filter((item) => item.type === "error")) {
    blocks.push(`/// <summary>The custom error <c>${signature(error)}</c>.</summary>
[Error("${error.name}")]
public sealed partial class ${pascal(error.name)}Error : IErrorDTO
{
${properties(error.inputs, structs).join("\n\n")}
}`);
  }
  for (const [name, components] of structs) {
    blocks.push(`/// <summary>The Solidity struct <c>${name}</c>.</summary>
public sealed partial class ${name}
{
${properties(components, structs).join("\n\n")}
}`);
  }

  return `// <auto-generated>
// Generated by deploy/generate-csharp.mjs from ${artifact.sourceName}:${artifact.contractName}
// (Hardhat artifact). Do not edit: change the contract, compile, and run the generator.
// </auto-generated>
#nullable enable
using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace DataUnion.Chain.Contracts.${artifact.contractName};

/// <summary>The Hardhat artifact these types were generated from.</summary>
public static class ${artifact.contractName}Artifact
{
    /// <summary>Fully qualified name, as in the deployment record.</summary>
    public const string Name = "${artifact.sourceName}:${artifact.contractName}";
}

${blocks.join("\n\n")}
`;
}

async function main() {
  const check = process.argv.includes("--check");
  await mkdir(OUTPUT, { recursive: true });
  const stale = [];
  const expected = new Set();
  for (const qualified of CONTRACTS) {
    const [source, name] = qualified.split(":");
    const artifact = JSON.parse(await readFile(path.join(ROOT, "artifacts", source, `${name}.json`), "utf8"));
    const file = path.join(OUTPUT, `${name}.g.cs`);
    expected.add(path.basename(file));
    const text = generate(artifact);
    const current = await readFile(file, "utf8").catch(() => null);
    if (current === text) continue;
    if (check) stale.push(path.relative(ROOT, file));
    else await writeFile(file, text);
  }
  for (const file of await readdir(OUTPUT)) {
    if (file.endsWith(".g.cs") && !expected.has(file)) stale.push(`${path.relative(ROOT, path.join(OUTPUT, file))} (no such contract)`);
  }
  if (stale.length > 0) {
    console.error(`generate-csharp: out of date with the artifacts: ${stale.join(", ")}; run node deploy/generate-csharp.mjs`);
    process.exit(1);
  }
}

await main();
