// ethers and siwe (npm) on the other side of the C# signature code. Each command reads a JSON
// request file and prints a JSON answer.
//
//   node tests/reference/signatures.mjs personal-sign FILE     {key, message} -> {signature, address}
//   node tests/reference/signatures.mjs personal-recover FILE  {message, signature} -> {address}
//   node tests/reference/signatures.mjs claim FILE             {key, chainId, market, claim} -> {digest, signature}
//   node tests/reference/signatures.mjs siwe-sign FILE         {key, fields} -> {message, signature}
//   node tests/reference/signatures.mjs siwe-verify FILE       {message, signature, domain, nonce, time} -> {success, address, error}
//   node tests/reference/signatures.mjs typed-sign FILE        {key, typedData} -> {digest, signature, recovered}
//                                                              (typedData as eth_signTypedData_v4 takes it)
//   node tests/reference/signatures.mjs keystore-decrypt FILE  {json, password} -> {address}
import { readFile } from "node:fs/promises";
import { TypedDataEncoder, Wallet, keccak256, solidityPacked, verifyMessage, verifyTypedData } from "ethers";
import { SiweMessage } from "siwe";

const [command, file] = process.argv.slice(2);
const request = JSON.parse(await readFile(file, "utf8"));
const print = (value) => console.log(JSON.stringify(value));

const CLAIM_TYPES = {
  Claim: [
    { name: "account", type: "address" },
    { name: "recipient", type: "address" },
    { name: "versionsHash", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

if (command === "personal-sign") {
  const wallet = new Wallet(request.key);
  print({ signature: await wallet.signMessage(request.message), address: wallet.address });
} else if (command === "personal-recover") {
  print({ address: verifyMessage(request.message, request.signature) });
} else if (command === "claim") {
  const wallet = new Wallet(request.key);
  const domain = { name: "DataUnion DatasetMarket", version: "1", chainId: request.chainId, verifyingContract: request.market };
  const value = {
    account: request.claim.account,
    recipient: request.claim.recipient,
    versionsHash: keccak256(solidityPacked(request.claim.versionIds.map(() => "uint256"), request.claim.versionIds.map(BigInt))),
    nonce: BigInt(request.claim.nonce),
    deadline: BigInt(request.claim.deadline),
  };
  const signature = await wallet.signTypedData(domain, CLAIM_TYPES, value);
  print({ digest: TypedDataEncoder.hash(domain, CLAIM_TYPES, value), signature, recovered: verifyTypedData(domain, CLAIM_TYPES, value, signature) });
} else if (command === "siwe-sign") {
  const wallet = new Wallet(request.key);
  const message = new SiweMessage({ ...request.fields, address: wallet.address }).prepareMessage();
  print({ message, signature: await wallet.signMessage(message) });
} else if (command === "siwe-verify") {
  try {
    const result = await new SiweMessage(request.message).verify(
      { signature: request.signature, domain: request.domain, nonce: request.nonce, time: request.time },
      { suppressExceptions: true });
    print({ success: result.success, address: result.data?.address, error: result.error?.type ?? null });
  } catch (error) {
    print({ success: false, error: String(error.message ?? error) });
  }
} else if (command === "typed-sign") {
  const wallet = new Wallet(request.key);
  const { domain, message } = request.typedData;
  const types = { ...request.typedData.types };
  delete types.EIP712Domain; // ethers derives the domain's type from the domain itself
  const signature = await wallet.signTypedData(domain, types, message);
  print({ digest: TypedDataEncoder.hash(domain, types, message), signature, recovered: verifyTypedData(domain, types, message, signature) });
} else if (command === "keystore-decrypt") {
  print({ address: (await Wallet.fromEncryptedJson(request.json, request.password)).address });
} else {
  console.error(`unknown command ${command}`);
  process.exit(2);
}
