// The JS importer's throughput on the benchmark's inputs (read into memory first, blocks
// discarded), for the ratio in docs/benchmarks.md.
//
//   node tests/reference/unixfs-bench.mjs request.json   ({"images": [...], "big": path, "runs": n})
import { readFile } from "node:fs/promises";
import { importer } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";

const request = JSON.parse(await readFile(process.argv[2], "utf8"));
const images = await Promise.all(request.images.map((p) => readFile(p)));
const big = await readFile(request.big);
const blockstore = { put: async (cid) => cid };
const modes = {
  "kubo-v1": { cidVersion: 1, rawLeaves: true },
  "kubo-v0": { cidVersion: 0, rawLeaves: false },
};

async function importOne(content, mode) {
  let root;
  for await (const entry of importer([{ content }], blockstore, {
    ...modes[mode],
    chunker: fixedSize({ chunkSize: 262_144 }),
    layout: balanced({ maxChildrenPerNode: 174 }),
  })) {
    root = entry.cid;
  }
  return root;
}

async function median(runs, measure) {
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await measure());
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

async function seconds(work) {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

const result = {};
for (const mode of Object.keys(modes)) {
  result[mode] = {
    bigSeconds: await median(request.runs, () => seconds(() => importOne(big, mode))),
    imagesSeconds: await median(request.runs, () => seconds(async () => {
      for (const image of images) await importOne(image, mode);
    })),
  };
}
process.stdout.write(JSON.stringify(result));
