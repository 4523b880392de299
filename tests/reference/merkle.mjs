// @openzeppelin/merkle-tree on the other side of the C# StandardMerkleTree.
//
//   node tests/reference/merkle.mjs FILE
//     FILE: {"encoding": [...], "values": [[...], ...], "proofsFor": [i, ...]}
//     prints {"root": "0x..", "proofs": {"i": ["0x..", ...]}}
import { readFile } from "node:fs/promises";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

const request = JSON.parse(await readFile(process.argv[2], "utf8"));
const tree = StandardMerkleTree.of(request.values, request.encoding);
const proofs = Object.fromEntries(request.proofsFor.map((i) => [i, tree.getProof(i)]));
console.log(JSON.stringify({ root: tree.root, proofs }));
