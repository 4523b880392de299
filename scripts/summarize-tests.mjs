// Adds up the test counts of every suite into the one closing line CI reads:
//   N passed, N failed, N skipped
// Sources: the .trx files of `dotnet test` and Hardhat's "N passing / N failing" summary.
// Exits 1 when any test failed or when no test ran at all.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const results = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

const dotnetDir = path.join(results, "dotnet");
if (existsSync(dotnetDir)) {
  for (const file of walk(dotnetDir)) {
    if (!file.endsWith(".trx")) continue;
    const counters = readFileSync(file, "utf8").match(/<Counters\b[^>]*>/);
    if (!counters) continue;
    const count = (name) => Number(counters[0].match(new RegExp(`\\b${name}="(\\d+)"`))?.[1] ?? 0);
    passed += count("passed");
    failed += count("failed") + count("error") + count("timeout") + count("aborted");
    // xunit's skipped tests count in "total" but not in "executed"; "notExecuted" stays 0.
    skipped += Math.max(count("notExecuted"), count("total") - count("executed"));
  }
}

const hardhat = path.join(results, "hardhat.txt");
if (existsSync(hardhat)) {
  const text = readFileSync(hardhat, "utf8");
  passed += Number(text.match(/^\s*(\d+) passing/m)?.[1] ?? 0);
  failed += Number(text.match(/^\s*(\d+) failing/m)?.[1] ?? 0);
  skipped += Number(text.match(/^\s*(\d+) (?:pending|skipped)/m)?.[1] ?? 0);
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
