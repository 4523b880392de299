// Reference directory CIDs from ipfs-unixfs-importer, plain or HAMT-sharded, for the
// differential tests.
//
//   node tests/reference/unixfs-directory.mjs request.json
//
// request.json: [{ "mode": "kubo-v1" | "unixfs-v1-2025", "entries": [{ "name": "a.jpg", "content": "<utf-8 text>" }, ...] }, ...]
// Prints a JSON array with the root CID of each directory (its entries at the top level).
import { readFile } from "node:fs/promises";
import { importer } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";

const modes = {
  "kubo-v1": { cidVersion: 1, rawLeaves: true, chunkSize: 262_144, maxChildrenPerNode: 174, shardSplitStrategy: "links-bytes" },
  "unixfs-v1-2025": { cidVersion: 1, rawLeaves: true, chunkSize: 1_048_576, maxChildrenPerNode: 1_024, shardSplitStrategy: "block-bytes" },
};

const blockstore = { put: async (cid) => cid };
const encoder = new TextEncoder();
const requests = JSON.parse(await readFile(process.argv[2], "utf8"));
const roots = [];
for (const { mode, entries } of requests) {
  const m = modes[mode];
  if (!m) throw new Error(`unknown mode ${mode}`);
  let root;
  for await (const entry of importer(
    entries.map((e) => ({ path: e.name, content: encoder.encode(e.content) })),
    blockstore,
    {
      cidVersion: m.cidVersion,
      rawLeaves: m.rawLeaves,
      leafType: "file",
      reduceSingleLeafToSelf: true,
      wrapWithDirectory: true,
      fieldOrder: "links-first",
      shardSplitThresholdBytes: 262_144,
      shardSplitStrategy: m.shardSplitStrategy,
      shardFanoutBits: 8,
      chunker: fixedSize({ chunkSize: m.chunkSize }),
      layout: balanced({ maxChildrenPerNode: m.maxChildrenPerNode }),
    },
  )) {
    root = entry.cid;
  }
  roots.push(root.toString());
}
process.stdout.write(JSON.stringify(roots));
