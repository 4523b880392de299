// Browser wallets: EIP-6963 discovery of every injected wallet (MetaMask, Rabby, …), with the
// legacy window.ethereum as a fallback, EIP-1193 requests, the chain check against the
// deployment, and Sign-In with Ethereum (EIP-4361) through the node's sign-in endpoints.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { call } from './api.js';

const SESSION_KEY = 'dataunion.session';

/** A wallet refusal or failure, worded for the person at the wallet. */
export class WalletError extends Error {
  constructor(message, code, data) { super(message); this.code = code; this.data = data; }
}

/** Turns an EIP-1193 error into a message that says what happened and that nothing was done. */
export function walletError(error, what) {
  if (error instanceof WalletError) return error;
  const code = error?.code;
  if (code === 4001) return new WalletError(`You declined ${what} in your wallet; nothing was sent.`, code);
  if (code === 4100) return new WalletError(`Your wallet has not given this page access to the account; connect it again.`, code);
  if (code === 4902) return new WalletError('Your wallet does not know this chain yet; add it in the wallet, then try again.', code);
  if (code === -32002) return new WalletError('Your wallet is already asking you something: open it and answer first.', code);
  return new WalletError(`${what[0].toUpperCase()}${what.slice(1)} failed in the wallet: ${error?.message ?? error}`, code, revertData(error));
}

export class Wallets extends EventTarget {
  constructor() {
    super();
    this.found = new Map();
    this.provider = null;
    this.info = null;
    this.address = null;
    this.chainId = null;
    this.session = null;
    try { this.session = JSON.parse(sessionStorage.getItem(SESSION_KEY)); } catch { this.session = null; }
    if (this.session && new Date(this.session.expiresAt) <= new Date()) this.forgetSession();
    window.addEventListener('eip6963:announceProvider', event => {
      const { info, provider } = event.detail ?? {};
      if (!info?.uuid || typeof provider?.request !== 'function' || this.found.has(info.uuid)) return;
      this.found.set(info.uuid, { info, provider });
      // A wallet that announces itself late (after the page is drawn) is offered then.
      if (!this.address) this.changed();
    });
    window.dispatchEvent(new Event('eip6963:requestProvider'));
  }

  changed() { this.dispatchEvent(new Event('change')); }

  /** Every wallet found: EIP-6963 announcements, else the injected window.ethereum. */
  list() {
    const found = [...this.found.values()];
    if (found.length === 0 && typeof window.ethereum?.request === 'function') {
      found.push({ info: { uuid: 'injected', name: 'Browser wallet', rdns: 'injected' }, provider: window.ethereum });
    }
    return found;
  }

  /** Connects one wallet: asks for its accounts and reads its chain. */
  async connect(entry) {
    let accounts;
    try {
      accounts = await entry.provider.request({ method: 'eth_requestAccounts' });
      this.chainId = Number(BigInt(await entry.provider.request({ method: 'eth_chainId' })));
    } catch (error) {
      throw walletError(error, 'the connection');
    }
    if (!accounts?.length) throw new WalletError('The wallet gave no account; unlock it and try again.');
    if (this.provider !== entry.provider) {
      entry.provider.on?.('accountsChanged', a => this.accountChanged(a));
      entry.provider.on?.('chainChanged', c => { this.chainId = Number(BigInt(c)); this.changed(); });
    }
    this.provider = entry.provider;
    this.info = entry.info;
    this.accountChanged(accounts);
  }

  accountChanged(accounts) {
    const address = accounts?.[0] ? checksum(accounts[0]) : null;
    if (this.session && this.session.address !== address) this.forgetSession();
    this.address = address;
    this.changed();
  }

  /** A request to the connected wallet, with its refusal turned into a message about what. */
  async request(method, params, what) {
    if (!this.provider) throw new WalletError('Connect a wallet first.');
    try {
      return await this.provider.request({ method, params });
    } catch (error) {
      throw walletError(error, what);
    }
  }

  /** True when the wallet is on the deployment's chain. */
  onChain(chainId) { return chainId != null && this.chainId === chainId; }

  /** Asks the wallet to switch to chainId (EIP-3326). */
  async switchChain(chainId) {
    await this.request('wallet_switchEthereumChain', [{ chainId: `0x${chainId.toString(16)}` }], 'switching the network');
    this.chainId = Number(BigInt(await this.request('eth_chainId', [], 'reading the network')));
    this.changed();
  }

  /** Signs in with Ethereum: a nonce from the node, a SIWE message for its origin, signed here. */
  async signIn(config) {
    if (!this.address) throw new WalletError('Connect a wallet first.');
    if (!this.onChain(config.chainId)) throw new WalletError(`Switch your wallet to chain ${config.chainId} first.`);
    const { nonce } = await call('/api/v1/auth/nonce', { method: 'POST' });
    const now = new Date();
    const message = siweMessage({
      domain: config.siweDomain,
      address: this.address,
      statement: 'Sign in to this data union node.',
      uri: config.origin,
      chainId: config.chainId,
      nonce,
      issuedAt: now,
      expirationTime: new Date(now.getTime() + 8 * 3600_000),
    });
    const signature = await this.request('personal_sign', [utf8Hex(message), this.address], 'the sign-in signature');
    const session = await call('/api/v1/auth/siwe', { method: 'POST', body: { message, signature } });
    this.session = { address: checksum(session.address), token: session.token, expiresAt: session.expiresAt };
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(this.session));
    this.changed();
  }

  /** Ends the session at the node (best effort) and here. */
  async signOut() {
    const token = this.session?.token;
    this.forgetSession();
    if (token) await call('/api/v1/auth/signout', { method: 'POST', token }).catch(() => {});
  }

  forgetSession() {
    this.session = null;
    sessionStorage.removeItem(SESSION_KEY);
    this.changed();
  }

  /** The member token when the connected wallet is signed in, else null. */
  get token() {
    return this.session && this.session.address === this.address && new Date(this.session.expiresAt) > new Date() ? this.session.token : null;
  }

  /** EIP-712 typed data signed with eth_signTypedData_v4. */
  signTypedData(typedData, what) {
    return this.request('eth_signTypedData_v4', [this.address, JSON.stringify(typedData)], what);
  }
}

/** The EIP-55 checksummed form of an address (the shell needs nothing more of an Ethereum library). */
export function checksum(address) {
  const hex = String(address).toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new WalletError(`the wallet gave "${String(address).slice(0, 50)}", which is not an address`);
  const hash = keccak_256(new TextEncoder().encode(hex));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1] >> (i % 2 ? 0 : 4)) & 0xf;
    out += nibble >= 8 ? hex[i].toUpperCase() : hex[i];
  }
  return out;
}

/** The revert data of a failed call, wherever the wallet put it. */
function revertData(error) {
  for (const d of [error?.data, error?.data?.data, error?.data?.originalError?.data, error?.error?.data, error?.cause?.data]) {
    if (typeof d === 'string' && /^0x[0-9a-fA-F]*$/.test(d)) return d;
  }
  return undefined;
}

/** An EIP-4361 message, line by line as the EIP's ABNF has it. */
export function siweMessage(m) {
  const lines = [
    `${m.domain} wants you to sign in with your Ethereum account:`,
    m.address,
    '',
    m.statement,
    '',
    `URI: ${m.uri}`,
    'Version: 1',
    `Chain ID: ${m.chainId}`,
    `Nonce: ${m.nonce}`,
    `Issued At: ${m.issuedAt.toISOString()}`,
    `Expiration Time: ${m.expirationTime.toISOString()}`,
  ];
  return lines.join('\n');
}

function utf8Hex(text) {
  return `0x${[...new TextEncoder().encode(text)].map(b => b.toString(16).padStart(2, '0')).join('')}`;
}
