// @openzeppelin/merkle-tree building a shares tree and every proof, timed inside the process
// (the reference figure of the shares-tree benchmark).
//
//   node tests/reference/merkle-bench.mjs VALUES.json
//     VALUES.json: [["chainId", "market", "versionId", "account", "units"], ...]
//     prints {"root": "0x..", "ms": <build + every proof>, "proofs": <count>}
import { readFile } from "node:fs/promises";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

const values = JSON.parse(await readFile(process.argv[2], "utf8"));
const start = performance.now();
const tree = StandardMerkleTree.of(values, ["uint256", "address", "uint256", "address", "uint256"]);
let proofs = 0;
for (let i = 0; i < values.length; i++) {
  proofs += tree.getProof(i).length > 0 ? 1 : 0;
}
const ms = performance.now() - start;
process.stdout.write(JSON.stringify({ root: tree.root, ms, proofs }));
