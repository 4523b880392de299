// Reference CIDs from ipfs-unixfs-importer (the JS implementation) for the differential tests.
//
//   node tests/reference/unixfs-import.mjs request.json
//
// request.json: [{ "path": "/tmp/f1", "mode": "kubo-v0" | "kubo-v1" | "unixfs-v1-2025" }, ...]
// Prints a JSON array of root CIDs in the same order. Every option is set explicitly: the
// importer's code defaults and its documentation disagree.
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { importer } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";

const modes = {
  "kubo-v0": { cidVersion: 0, rawLeaves: false, chunkSize: 262_144, maxChildrenPerNode: 174 },
  "kubo-v1": { cidVersion: 1, rawLeaves: true, chunkSize: 262_144, maxChildrenPerNode: 174 },
  "unixfs-v1-2025": { cidVersion: 1, rawLeaves: true, chunkSize: 1_048_576, maxChildrenPerNode: 1_024 },
};

// Hashing only: the blocks themselves are not needed.
const blockstore = { put: async (cid) => cid };

const requests = JSON.parse(await readFile(process.argv[2], "utf8"));
const roots = [];
for (const { path, mode } of requests) {
  const m = modes[mode];
  if (!m) throw new Error(`unknown mode ${mode}`);
  let root;
  for await (const entry of importer(
    [{ content: createReadStream(path, { highWaterMark: 1 << 20 }) }],
    blockstore,
    {
      cidVersion: m.cidVersion,
      rawLeaves: m.rawLeaves,
      leafType: "file",
      reduceSingleLeafToSelf: true,
      wrapWithDirectory: false,
      fieldOrder: "links-first",
      chunker: fixedSize({ chunkSize: m.chunkSize }),
      layout: balanced({ maxChildrenPerNode: m.maxChildrenPerNode }),
    },
  )) {
    root = entry.cid;
  }
  roots.push(root.toString());
}
process.stdout.write(JSON.stringify(roots));
