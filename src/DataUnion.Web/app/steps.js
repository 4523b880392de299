// A list of the steps of a wallet flow (signatures and transactions), each showing its state:
// waiting for the wallet, pending with its hash, mined with its block, or failed with its reason.
import { h, replace } from './dom.js';

export class Steps {
  constructor(label) {
    this.list = h('ol', { class: 'steps', 'aria-label': label, 'aria-live': 'polite' });
  }

  /** Adds a step; returns a function that sets its state ({state, text}). */
  add(text) {
    const item = h('li', { 'data-state': 'todo' }, text);
    this.list.append(item);
    return ({ state, text: next }) => {
      item.dataset.state = state;
      replace(item, next);
    };
  }
}
