// @helia/verified-fetch fetching from our trustless gateway, offline, on loopback.
//
//   node tests/reference/verified-fetch.mjs GATEWAY_URL CID OUT_FILE
//
// Writes the verified bytes to OUT_FILE and prints {"status", "contentType", "length"}.
// Without the explicit provider, routing would wait for peers that do not exist offline.
import { writeFile } from "node:fs/promises";
import { createVerifiedFetch } from "@helia/verified-fetch";
import { withHTTP } from "@helia/http";
import { multiaddr } from "@multiformats/multiaddr";
import { createHeliaLight } from "helia";

const [gatewayUrl, cid, outFile] = process.argv.slice(2);
const port = new URL(gatewayUrl).port;

const helia = await withHTTP(createHeliaLight(), {
  delegatedRouters: [],
  recursiveGateways: [gatewayUrl],
  allowInsecure: true,
  allowLocal: true,
}).start();

try {
  const verifiedFetch = await createVerifiedFetch(helia);
  const response = await verifiedFetch(`ipfs://${cid}`, {
    providers: [multiaddr(`/ip4/127.0.0.1/tcp/${port}/http`)],
    signal: AbortSignal.timeout(60_000),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  await writeFile(outFile, bytes);
  process.stdout.write(JSON.stringify({
    status: response.status,
    contentType: response.headers.get("content-type"),
    length: bytes.length,
  }));
} finally {
  await helia.stop();
}
