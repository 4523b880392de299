// Reads and transactions through the person's own wallet (EIP-1193): every call is simulated
// first, and one that would revert is refused with the contract's own error, decoded from its
// ABI; a sent transaction is followed from pending to mined or failed.
import { encodeFunctionData, decodeFunctionResult, decodeErrorResult, formatUnits } from 'viem';
import { marketAbi, tokenAbi } from './generated/abi.js';
import { WalletError } from './wallet.js';

export { marketAbi, tokenAbi };

/** The EIP712Domain type of the market's and the token's typed data (name, version, chain, contract). */
export const EIP712_DOMAIN = [
  { name: 'name', type: 'string' }, { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' },
];

/** A call the chain refused, with the decoded reason. */
export class RevertError extends Error {
  constructor(what, reason) { super(`${what} would fail: ${reason}`); this.reason = reason; }
}

/** The contract error in revert data, as Name(arg, …), or the raw reason when it is not in the ABIs. */
export function revertReason(data, fallback) {
  if (typeof data === 'string' && data.length >= 10) {
    for (const abi of [marketAbi, tokenAbi]) {
      try {
        const decoded = decodeErrorResult({ abi, data });
        return `${decoded.errorName}(${(decoded.args ?? []).map(String).join(', ')})`;
      } catch { /* not this contract's error */ }
    }
  }
  return fallback ?? 'the contract reverted';
}

export class Chain {
  constructor(wallets, config) {
    this.wallets = wallets;
    this.market = config.market;
  }

  /** A view call: the decoded result. */
  async read(address, abi, functionName, args = []) {
    const data = encodeFunctionData({ abi, functionName, args });
    const result = await this.wallets.request('eth_call', [{ to: address, data }, 'latest'], `reading ${functionName} from the chain`);
    return decodeFunctionResult({ abi, functionName, data: result });
  }

  /** True when a view call answers at all (a token without permit has no nonces or eip712Domain). */
  async has(address, abi, functionName, args = []) {
    try { await this.read(address, abi, functionName, args); return true; } catch { return false; }
  }

  /** Simulates a transaction from the connected account; throws RevertError when it would revert. */
  async simulate(tx, what) {
    try {
      await this.wallets.request('eth_call', [{ from: this.wallets.address, ...tx }, 'latest'], what);
    } catch (error) {
      if (error instanceof WalletError && error.code === 4001) throw error;
      throw new RevertError(what, revertReason(error.data, error.message));
    }
  }

  /**
   * Simulates, then sends one contract call from the wallet, reporting each state to onState
   * (waiting, pending with the hash, mined with the block, failed with the reason).
   */
  async send({ to, abi, functionName, args, what }, onState) {
    const data = encodeFunctionData({ abi, functionName, args });
    await this.simulate({ to, data }, what);
    onState({ state: 'waiting', text: `${what}: confirm it in your wallet` });
    const hash = await this.wallets.request('eth_sendTransaction', [{ from: this.wallets.address, to, data }], what);
    onState({ state: 'pending', hash, text: `${what}: pending (${hash})` });
    for (;;) {
      const receipt = await this.wallets.request('eth_getTransactionReceipt', [hash], 'reading the receipt');
      if (receipt) {
        const block = Number(BigInt(receipt.blockNumber));
        if (receipt.status === '0x1') {
          onState({ state: 'mined', hash, block, text: `${what}: mined in block ${block}` });
          return receipt;
        }
        let reason = 'the transaction reverted';
        try { await this.simulate({ to, data }, what); } catch (error) { reason = error.reason ?? error.message; }
        onState({ state: 'failed', hash, block, text: `${what}: failed in block ${block}: ${reason}` });
        throw new RevertError(what, reason);
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  }
}

/** A token amount for people: its units with the token's decimals, and its symbol. */
export async function tokenInfo(chain, token) {
  const [symbol, decimals] = await Promise.all([
    chain.read(token, tokenAbi, 'symbol').catch(() => 'tokens'),
    chain.read(token, tokenAbi, 'decimals').catch(() => 0),
  ]);
  return { symbol, decimals: Number(decimals), format: units => `${formatUnits(BigInt(units), Number(decimals))} ${symbol}` };
}
