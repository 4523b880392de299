// The web app's shell: the header with the wallet, the page router (#/contribute, #/audit, …)
// and the sign-in gate that member pages share.
import { call, onSessionExpired } from './api.js';
import { h, append, replace, notice, action, short } from './dom.js';
import { Wallets } from './wallet.js';

const pages = {
  '': { title: 'Home', load: () => import('./pages/home.js') },
  contribute: { title: 'Contribute', load: () => import('./pages/contribute.js') },
  label: { title: 'Label', load: () => import('./pages/label.js') },
  buy: { title: 'Buy', load: () => import('./pages/buy.js') },
  shares: { title: 'My shares', load: () => import('./pages/shares.js') },
  audit: { title: 'Audit', load: () => import('./pages/audit.js') },
  fairness: { title: 'Fairness', load: () => import('./pages/fairness.js') },
  operator: { title: 'Operator', load: () => import('./pages/operator.js') },
};

const ctx = {
  config: null,
  wallets: new Wallets(),
  /** Shows a message in the page's status line. */
  say(kind, title, details = []) { replace(document.getElementById('status'), notice(kind, title, details)); },
  /** Null when the wallet is connected, on the right chain and signed in; else what to do, as a box. */
  gate,
  /** A "Connect …" button for every wallet found. */
  connectActions,
  /** Draws the current page again, keeping the status line. */
  refresh: () => route({ keepStatus: true }),
};

let expired = null;
onSessionExpired(() => {
  expired = 'Your session has ended. Sign in again; nothing you had not finished was recorded.';
  ctx.wallets.forgetSession();
});

function walletWidget() {
  const w = ctx.wallets;
  const box = h('div', { class: 'wallet', 'aria-label': 'Wallet' });
  if (!w.address) {
    box.append(h('span', { class: 'muted' }, 'No wallet connected'));
  } else {
    append(box, [h('span', { class: 'address', title: w.address }, short(w.address)),
      h('span', { class: w.onChain(ctx.config.chainId) ? 'chain ok' : 'chain bad' }, `chain ${w.chainId}`),
      w.token ? action('Sign out', () => w.signOut()) : null]);
  }
  return box;
}

function failed(error) {
  ctx.say('error', error.title ?? 'That did not work', error.problems?.length ? error.problems : [error.message]);
}

function connectActions() {
  return ctx.wallets.list().map(entry => action(`Connect ${entry.info.name}`, () => ctx.wallets.connect(entry).catch(failed)));
}

/** The box that takes a visitor from no wallet to a signed-in session, one step at a time. */
function gate(purpose) {
  const w = ctx.wallets;
  const config = ctx.config;
  if (config.chainId == null) {
    return notice('warn', 'The node has no chain yet', ['signing in waits until the node is connected to its chain']);
  }
  if (!w.address) {
    const found = w.list();
    if (found.length === 0) {
      return notice('info', `Connect a wallet to ${purpose}`,
        ['no browser wallet was found: install one (MetaMask, Rabby or any EIP-6963 wallet) and reload this page']);
    }
    return notice('info', `Connect a wallet to ${purpose}`, [],
      ...connectActions());
  }
  if (!w.onChain(config.chainId)) {
    return notice('warn', 'Your wallet is on another network',
      [`your wallet is on chain ${w.chainId}; this data union runs on chain ${config.chainId}`],
      action('Switch network', () => w.switchChain(config.chainId).catch(failed)));
  }
  if (!w.token) {
    if (location.origin !== config.origin) {
      return notice('warn', 'Open this page at the node\'s address to sign in',
        [`sign-in is for ${config.origin}; this page was opened at ${location.origin}`]);
    }
    const details = expired ? [expired] : ['your wallet signs a message that proves the address is yours; it costs nothing and sends no transaction'];
    return notice(expired ? 'warn' : 'info', `Sign in to ${purpose}`, details,
      action('Sign in with Ethereum', async () => {
        try { await w.signIn(config); expired = null; } catch (error) { failed(error); }
      }));
  }
  return null;
}

let rendered = null;
async function route({ keepStatus = false } = {}) {
  const name = location.hash.replace(/^#\/?/, '').split('/')[0];
  const page = pages[name] ?? pages[''];
  for (const link of document.querySelectorAll('nav a')) {
    link.toggleAttribute('aria-current', link.getAttribute('href') === `#/${name}`);
    if (link.getAttribute('aria-current') !== null) link.setAttribute('aria-current', 'page');
  }
  document.title = `${page.title} · DataUnion`;
  const main = document.getElementById('page');
  if (!keepStatus) replace(document.getElementById('status'));
  const token = (rendered = {});
  try {
    const module = await page.load();
    if (token !== rendered) return;
    const view = await module.render(ctx);
    if (token !== rendered) return;
    replace(main, view);
  } catch (error) {
    replace(main, notice('error', 'This page could not be shown', [error.message]));
  }
}

async function start() {
  const header = document.getElementById('wallet');
  try {
    ctx.config = await call('/api/v1/app');
  } catch (error) {
    replace(document.getElementById('page'), notice('error', error.title, error.problems));
    return;
  }
  const refresh = () => replace(header, walletWidget());
  ctx.wallets.addEventListener('change', () => { refresh(); route({ keepStatus: true }); });
  window.addEventListener('hashchange', () => route());
  refresh();
  await route();
  document.body.dataset.ready = 'true';
  performance.mark('dataunion-ready');
}

start();
