// The labeling canvas: boxes in image pixels, drawn, moved and resized with the mouse (pointer
// events), a class per box, zoom around the cursor and pan, undo and redo per image. Redraws are
// coalesced to one per animation frame, so dragging among hundreds of boxes stays smooth.
import { h, replace } from './dom.js';

const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#008080', '#9a6324', '#800000', '#000075'];
const HANDLE = 7;   // handle half-size, screen pixels
const MIN_SIZE = 2; // smallest box kept, image pixels

export class BoxEditor extends EventTarget {
  constructor(classes, items) {
    super();
    this.classes = classes;
    this.items = items.map(item => ({ ...item, boxes: [], undo: [], redo: [], seen: false }));
    this.index = 0;
    this.label = classes[0];
    this.selected = -1;
    this.view = { scale: 1, x: 0, y: 0 };
    this.drag = null;
    this.space = false;
    this.frame = 0;
    this.inputTime = 0;

    this.canvas = h('canvas', { class: 'board', tabindex: '0', 'aria-label': 'Image to label: drag to draw a box; the boxes are listed below' });
    this.classPicker = h('select', { id: 'class', 'aria-label': 'Class of new boxes' },
      classes.map((c, i) => h('option', { value: c }, i < 9 ? `${i + 1}: ${c}` : c)));
    this.classPicker.addEventListener('change', () => this.choose(this.classPicker.value));
    this.list = h('tbody');
    this.root = h('div', { class: 'editor' },
      h('div', { class: 'tools' },
        h('label', { for: 'class' }, 'Class'), this.classPicker,
        h('button', { type: 'button', onclick: () => this.undo(), 'aria-keyshortcuts': 'Control+Z' }, 'Undo'),
        h('button', { type: 'button', onclick: () => this.redo(), 'aria-keyshortcuts': 'Control+Y' }, 'Redo'),
        h('button', { type: 'button', onclick: () => this.zoom(1.25) }, 'Zoom in'),
        h('button', { type: 'button', onclick: () => this.zoom(0.8) }, 'Zoom out'),
        h('button', { type: 'button', onclick: () => this.fit() }, 'Fit')),
      this.canvas,
      h('table', { class: 'boxes' }, h('caption', null, 'Boxes on this image'),
        h('thead', null, h('tr', null, ['#', 'Class', 'x', 'y', 'width', 'height', ''].map(t => h('th', { scope: 'col' }, t)))),
        this.list));

    this.canvas.addEventListener('pointerdown', e => this.down(e));
    this.canvas.addEventListener('pointermove', e => this.move(e));
    this.canvas.addEventListener('pointerup', e => this.up(e));
    this.canvas.addEventListener('pointercancel', e => this.up(e));
    this.canvas.addEventListener('wheel', e => { e.preventDefault(); this.zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, this.local(e)); }, { passive: false });
    this.keydown = e => this.key(e, true);
    this.keyup = e => this.key(e, false);
    document.addEventListener('keydown', this.keydown);
    document.addEventListener('keyup', this.keyup);
    this.resize = () => { this.size(); this.fit(); };
    window.addEventListener('resize', this.resize);
  }

  dispose() {
    document.removeEventListener('keydown', this.keydown);
    document.removeEventListener('keyup', this.keyup);
    window.removeEventListener('resize', this.resize);
  }

  get item() { return this.items[this.index]; }

  /** Every image's answer, as the node takes it: boxes as [x, y, width, height] in image pixels. */
  answers() {
    return this.items.map(item => ({ image: item.image, boxes: item.boxes.map(b => ({ label: b.label, box: [b.x, b.y, b.w, b.h].map(round) })) }));
  }

  allSeen() { return this.items.every(item => item.seen); }

  go(step) {
    this.index = Math.min(this.items.length - 1, Math.max(0, this.index + step));
    this.item.seen = true;
    this.selected = -1;
    this.canvas.dataset.image = this.item.image;
    this.size();
    this.fit();
    this.changed();
  }

  choose(label) {
    this.label = label;
    this.classPicker.value = label;
    if (this.selected >= 0 && this.item.boxes[this.selected].label !== label) {
      this.edit(boxes => { boxes[this.selected] = { ...boxes[this.selected], label }; });
    }
  }

  // --- history -------------------------------------------------------------------------------
  snapshot() { return this.item.boxes.map(b => ({ ...b })); }

  commit(before) {
    this.item.undo.push(before);
    this.item.redo = [];
    this.changed();
  }

  edit(change) {
    const before = this.snapshot();
    change(this.item.boxes);
    this.commit(before);
  }

  undo() {
    const previous = this.item.undo.pop();
    if (!previous) return;
    this.item.redo.push(this.snapshot());
    this.item.boxes = previous;
    this.selected = -1;
    this.changed();
  }

  redo() {
    const next = this.item.redo.pop();
    if (!next) return;
    this.item.undo.push(this.snapshot());
    this.item.boxes = next;
    this.selected = -1;
    this.changed();
  }

  // --- view ----------------------------------------------------------------------------------
  size() {
    const width = Math.max(240, Math.min(1000, this.root.parentElement?.clientWidth || 800));
    const height = Math.round(Math.min(640, width * 0.7));
    const ratio = window.devicePixelRatio || 1;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    this.ratio = ratio;
    this.cssSize = { width, height };
  }

  fit() {
    const { width, height } = this.cssSize ?? { width: 800, height: 560 };
    const scale = Math.min(width / this.item.width, height / this.item.height);
    this.view = { scale, x: (width - this.item.width * scale) / 2, y: (height - this.item.height * scale) / 2 };
    this.draw();
  }

  zoom(factor, at) {
    const { width, height } = this.cssSize;
    const p = at ?? { x: width / 2, y: height / 2 };
    const scale = Math.min(64, Math.max(0.05, this.view.scale * factor));
    const k = scale / this.view.scale;
    this.view = { scale, x: p.x - (p.x - this.view.x) * k, y: p.y - (p.y - this.view.y) * k };
    this.draw();
  }

  local(e) {
    const r = this.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  toImage(p) { return { x: (p.x - this.view.x) / this.view.scale, y: (p.y - this.view.y) / this.view.scale }; }

  // --- pointer -------------------------------------------------------------------------------
  down(e) {
    this.canvas.focus({ preventScroll: true });
    const p = this.local(e);
    if (e.button === 1 || (e.button === 0 && this.space)) {
      this.drag = { kind: 'pan', from: p, view: { ...this.view } };
    } else if (e.button === 0) {
      const at = this.toImage(p);
      const handle = this.selected >= 0 ? this.handleAt(this.item.boxes[this.selected], p) : null;
      const hit = handle ? this.selected : this.boxAt(at);
      const before = this.snapshot();
      if (handle) {
        this.drag = { kind: 'resize', handle, start: { ...this.item.boxes[hit] }, from: at, before };
      } else if (hit >= 0) {
        this.selected = hit;
        this.drag = { kind: 'move', start: { ...this.item.boxes[hit] }, from: at, before };
      } else {
        const c = this.clamp(at);
        this.item.boxes.push({ label: this.label, x: c.x, y: c.y, w: 0, h: 0 });
        this.selected = this.item.boxes.length - 1;
        this.drag = { kind: 'draw', origin: c, before };
      }
    } else {
      return;
    }
    this.canvas.setPointerCapture(e.pointerId);
    e.preventDefault();
    this.draw();
  }

  move(e) {
    const started = performance.now();
    try { this.moved(e); } finally { this.inputTime += performance.now() - started; }
  }

  moved(e) {
    if (!this.drag) {
      this.canvas.style.cursor = this.space ? 'grab' : this.cursorAt(this.local(e));
      return;
    }
    const p = this.local(e);
    const d = this.drag;
    if (d.kind === 'pan') {
      this.view = { ...d.view, x: d.view.x + p.x - d.from.x, y: d.view.y + p.y - d.from.y };
      this.draw();
      return;
    }
    const at = this.clamp(this.toImage(p));
    const boxes = this.item.boxes;
    if (d.kind === 'draw') {
      boxes[this.selected] = { ...boxes[this.selected], ...span(d.origin, at) };
    } else if (d.kind === 'move') {
      const s = d.start;
      const x = Math.min(this.item.width - s.w, Math.max(0, s.x + at.x - d.from.x));
      const y = Math.min(this.item.height - s.h, Math.max(0, s.y + at.y - d.from.y));
      boxes[this.selected] = { ...s, x, y };
    } else if (d.kind === 'resize') {
      const s = d.start;
      let [x0, y0, x1, y1] = [s.x, s.y, s.x + s.w, s.y + s.h];
      if (d.handle.includes('w')) x0 = at.x;
      if (d.handle.includes('e')) x1 = at.x;
      if (d.handle.includes('n')) y0 = at.y;
      if (d.handle.includes('s')) y1 = at.y;
      boxes[this.selected] = { ...s, ...span({ x: x0, y: y0 }, { x: x1, y: y1 }) };
    }
    this.draw();
  }

  up(e) {
    const d = this.drag;
    this.drag = null;
    if (this.canvas.hasPointerCapture?.(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    if (!d || d.kind === 'pan') return;
    const box = this.item.boxes[this.selected];
    if (d.kind === 'draw' && (box.w < MIN_SIZE || box.h < MIN_SIZE)) {
      this.item.boxes.splice(this.selected, 1);
      this.selected = this.boxAt(this.toImage(this.local(e)));
      this.changed();
      return;
    }
    if (JSON.stringify(d.before) !== JSON.stringify(this.item.boxes)) this.commit(d.before);
    else this.changed();
  }

  clamp(p) { return { x: Math.min(this.item.width, Math.max(0, p.x)), y: Math.min(this.item.height, Math.max(0, p.y)) }; }

  boxAt(p) {
    const boxes = this.item.boxes;
    for (let i = boxes.length - 1; i >= 0; i--) {
      const b = boxes[i];
      if (p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h) return i;
    }
    return -1;
  }

  handles(b) {
    const v = this.view;
    const [x0, y0, x1, y1] = [v.x + b.x * v.scale, v.y + b.y * v.scale, v.x + (b.x + b.w) * v.scale, v.y + (b.y + b.h) * v.scale];
    const [xm, ym] = [(x0 + x1) / 2, (y0 + y1) / 2];
    return { nw: [x0, y0], n: [xm, y0], ne: [x1, y0], e: [x1, ym], se: [x1, y1], s: [xm, y1], sw: [x0, y1], w: [x0, ym] };
  }

  handleAt(b, p) {
    for (const [name, [x, y]] of Object.entries(this.handles(b))) {
      if (Math.abs(p.x - x) <= HANDLE + 2 && Math.abs(p.y - y) <= HANDLE + 2) return name;
    }
    return null;
  }

  cursorAt(p) {
    const handle = this.selected >= 0 ? this.handleAt(this.item.boxes[this.selected], p) : null;
    if (handle) return `${handle}-resize`;
    return this.boxAt(this.toImage(p)) >= 0 ? 'move' : 'crosshair';
  }

  // --- keyboard ------------------------------------------------------------------------------
  key(e, pressed) {
    if (!this.root.isConnected) { this.dispose(); return; }
    if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement) return;
    if (e.code === 'Space') { this.space = pressed; if (e.target === this.canvas) e.preventDefault(); return; }
    if (!pressed) return;
    const k = e.key;
    const ctrl = e.ctrlKey || e.metaKey;
    let handled = true;
    if (ctrl && k.toLowerCase() === 'z') { if (e.shiftKey) this.redo(); else this.undo(); }
    else if (ctrl && k.toLowerCase() === 'y') this.redo();
    else if (ctrl) handled = false;
    else if (/^[1-9]$/.test(k) && Number(k) <= this.classes.length) this.choose(this.classes[Number(k) - 1]);
    else if ((k === 'Delete' || k === 'Backspace') && this.selected >= 0) { const i = this.selected; this.selected = -1; this.edit(boxes => boxes.splice(i, 1)); }
    else if (k === 'n' || k === 'N' || k === ']') this.go(1);
    else if (k === 'p' || k === 'P' || k === '[') this.go(-1);
    else if (k === '+' || k === '=') this.zoom(1.25);
    else if (k === '-' || k === '_') this.zoom(0.8);
    else if (k === '0') this.fit();
    else if (k === 'Escape') { this.selected = -1; this.draw(); }
    else handled = false;
    if (handled) e.preventDefault();
  }

  // --- drawing -------------------------------------------------------------------------------
  changed() {
    this.renderList();
    this.draw();
    this.dispatchEvent(new Event('change'));
  }

  draw() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.paint(); });
  }

  paint() {
    const started = performance.now();
    this.render();
    // The script work of each frame while dragging (the pointer moves since the last frame, and
    // this paint), for anyone measuring the canvas with the Performance API.
    if (this.drag) performance.measure('box-editor-frame', { start: started, duration: performance.now() - started + this.inputTime });
    this.inputTime = 0;
  }

  render() {
    const g = this.canvas.getContext('2d');
    const v = this.view;
    g.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    g.fillStyle = '#2b2f33';
    g.fillRect(0, 0, this.cssSize.width, this.cssSize.height);
    g.setTransform(this.ratio * v.scale, 0, 0, this.ratio * v.scale, this.ratio * v.x, this.ratio * v.y);
    g.drawImage(this.item.bitmap, 0, 0, this.item.width, this.item.height);
    g.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    g.font = '12px system-ui, sans-serif';
    this.item.boxes.forEach((b, i) => {
      const color = COLORS[this.classes.indexOf(b.label) % COLORS.length];
      const [x, y, w, hgt] = [v.x + b.x * v.scale, v.y + b.y * v.scale, b.w * v.scale, b.h * v.scale];
      g.lineWidth = i === this.selected ? 3 : 2;
      g.strokeStyle = color;
      g.strokeRect(x, y, w, hgt);
      g.fillStyle = color;
      g.fillText(`${i + 1} ${b.label}`, x + 2, y > 14 ? y - 3 : y + 13);
    });
    if (this.selected >= 0 && this.item.boxes[this.selected]) {
      g.fillStyle = '#fff';
      g.strokeStyle = '#000';
      g.lineWidth = 1;
      for (const [x, y] of Object.values(this.handles(this.item.boxes[this.selected]))) {
        g.fillRect(x - HANDLE / 2, y - HANDLE / 2, HANDLE, HANDLE);
        g.strokeRect(x - HANDLE / 2, y - HANDLE / 2, HANDLE, HANDLE);
      }
    }
    this.canvas.dataset.view = JSON.stringify(v);
  }

  renderList() {
    replace(this.list, this.item.boxes.map((b, i) => {
      const picker = h('select', { 'aria-label': `Class of box ${i + 1}` }, this.classes.map(c => h('option', { value: c }, c)));
      picker.value = b.label;
      picker.addEventListener('change', () => this.edit(boxes => { boxes[i] = { ...boxes[i], label: picker.value }; }));
      return h('tr', { class: i === this.selected ? 'selected' : null },
        h('td', null, String(i + 1)), h('td', null, picker),
        [b.x, b.y, b.w, b.h].map(n => h('td', { class: 'n' }, String(round(n)))),
        h('td', null, h('button', { type: 'button', onclick: () => { this.selected = -1; this.edit(boxes => boxes.splice(i, 1)); } }, `Delete box ${i + 1}`)));
    }));
  }
}

function span(a, b) {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(b.x - a.x), h: Math.abs(b.y - a.y) };
}

function round(n) { return Math.round(n * 10) / 10; }
