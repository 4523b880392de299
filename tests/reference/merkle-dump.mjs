// Loads StandardMerkleTree dumps with @openzeppelin/merkle-tree, as a co-owner or auditor would.
//
//   node tests/reference/merkle-dump.mjs DUMP.json...
//     prints [{"root": "0x..", "leafEncoding": [...], "values": [[...], ...], "proofs": [["0x..", ...], ...]}, ...]
//     one entry per file; tree.validate() throws when a leaf does not hash from its value.
import { readFile } from "node:fs/promises";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

const out = [];
for (const file of process.argv.slice(2)) {
  const tree = StandardMerkleTree.load(JSON.parse(await readFile(file, "utf8")));
  tree.validate();
  const values = [];
  const proofs = [];
  for (const [i, value] of tree.entries()) {
    values.push(value.map(String));
    proofs.push(tree.getProof(i));
  }
  out.push({ root: tree.root, leafEncoding: tree.leafEncoding, values, proofs });
}
process.stdout.write(JSON.stringify(out));
