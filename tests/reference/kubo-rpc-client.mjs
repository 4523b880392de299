// kubo-rpc-client (the JS client of kubo's RPC API) against our RPC subset.
//
//   node tests/reference/kubo-rpc-client.mjs API_URL TOKEN_FILE CONTENT_FILE
//
// Adds CONTENT_FILE (pinned), cats it back, lists and removes the pin, and prints what it saw.
import { readFile } from "node:fs/promises";
import { create } from "kubo-rpc-client";

const [apiUrl, tokenFile, contentFile] = process.argv.slice(2);
const token = (await readFile(tokenFile, "utf8")).trim();
const content = await readFile(contentFile);
const client = create({ url: apiUrl, headers: { authorization: `Bearer ${token}` } });

const added = await client.add({ path: "photo.jpg", content }, { cidVersion: 0, pin: true });
const chunks = [];
for await (const chunk of client.cat(added.cid)) chunks.push(chunk);
const catBytes = Buffer.concat(chunks);

const pinned = [];
for await (const pin of client.pin.ls({ type: "recursive" })) pinned.push({ cid: pin.cid.toString(), type: pin.type });
const removed = await client.pin.rm(added.cid);
const block = await client.block.get(added.cid);

process.stdout.write(JSON.stringify({
  added: { path: added.path, cid: added.cid.toString(), size: added.size },
  catEqual: Buffer.compare(catBytes, content) === 0,
  pinned,
  removed: removed.toString(),
  rootBlockLength: block.length,
}));
