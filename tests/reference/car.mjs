// @ipld/car (the JS implementation) on the other side of our CAR files.
//
//   node tests/reference/car.mjs read FILE
//     Reads FILE with @ipld/car's CarReader, re-hashes every block with multiformats and
//     prints {"roots": [...], "blocks": [...], "allVerified": true|false} as JSON.
//   node tests/reference/car.mjs write FILE SEED SIZE
//     Imports SIZE pseudo-random bytes (from SEED) with ipfs-unixfs-importer (kubo v0 mode),
//     writes the DAG to FILE with @ipld/car's CarWriter and prints the root CID.
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CarReader, CarWriter } from "@ipld/car";
import { importer } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import { sha256 } from "multiformats/hashes/sha2";
import { identity } from "multiformats/hashes/identity";
import { equals } from "multiformats/bytes";

const [command, file, seed, size] = process.argv.slice(2);

if (command === "read") {
  const reader = await CarReader.fromBytes(await readFile(file));
  const roots = (await reader.getRoots()).map(String);
  const blocks = [];
  let allVerified = true;
  for await (const { cid, bytes } of reader.blocks()) {
    const hasher = cid.multihash.code === identity.code ? identity : sha256;
    const digest = await hasher.digest(bytes);
    allVerified &&= equals(digest.bytes, cid.multihash.bytes);
    blocks.push(cid.toString());
  }
  process.stdout.write(JSON.stringify({ roots, blocks, allVerified }));
} else if (command === "write") {
  const content = new Uint8Array(Number(size));
  let state = [...seed].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7);
  for (let i = 0; i < content.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    content[i] = state >>> 24;
  }
  const blocks = new Map();
  const blockstore = { put: async (cid, bytes) => (blocks.set(cid.toString(), { cid, bytes }), cid) };
  let root;
  for await (const entry of importer([{ content }], blockstore, {
    cidVersion: 0,
    rawLeaves: false,
    chunker: fixedSize({ chunkSize: 262_144 }),
    layout: balanced({ maxChildrenPerNode: 174 }),
  })) {
    root = entry.cid;
  }
  const { writer, out } = CarWriter.create([root]);
  const written = pipeline(Readable.from(out), createWriteStream(file));
  for (const { cid, bytes } of blocks.values()) await writer.put({ cid, bytes });
  await writer.close();
  await written;
  process.stdout.write(root.toString());
} else {
  console.error("usage: car.mjs read FILE | write FILE SEED SIZE");
  process.exit(2);
}
