// The host's queue (room/queue.js) as a list: title and artist from the tags, a note where a
// file cannot play or a tag was too large, and per entry Play, Move up, Move down and Remove
// buttons (keyboard-operable), plus drag and drop to reorder and to add files. Text from tags
// is written with textContent only, so no tag can become markup.

import { QueueEvent, TrackQueue } from '../room/queue.js';
import { byId } from './dom.js';
import { announce } from './status.js';

/**
 * @param {import('../room/queue.js').TrackQueue} queue
 * @param {import('../roles/host-queue.js').HostQueue} controller
 */
export function showQueue(queue, controller) {
  const list = byId('queue');
  const count = byId('queue-count');
  const drop = byId('queue-drop');
  const file = /** @type {HTMLInputElement} */ (byId('file'));

  const addFiles = (files) => {
    const { added, refused } = controller.add(files);
    announce(`${added.length} file(s) added to the queue`
      + (refused > 0 ? `; ${refused} refused: the queue holds at most ${queue.maxEntries}.` : '.'));
  };
  file.addEventListener('change', () => {
    if (file.files?.length) addFiles([...file.files]);
    file.value = '';
  });
  for (const target of [drop, list]) {
    target.addEventListener('dragover', (e) => {
      e.preventDefault();
      drop.classList.add('dragging');
    });
    target.addEventListener('dragleave', () => drop.classList.remove('dragging'));
    target.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('dragging');
      const moved = e.dataTransfer?.getData('application/x-syncroom-entry');
      if (moved) {
        const onto = /** @type {HTMLElement} */ (e.target).closest?.('li');
        queue.move(Number(moved), onto ? queue.indexOf(Number(onto.dataset.id)) : queue.entries.length - 1);
      } else if (e.dataTransfer?.files.length) {
        addFiles([...e.dataTransfer.files]);
      }
    });
  }
  list.addEventListener('dragstart', (e) => {
    const item = /** @type {HTMLElement} */ (e.target).closest?.('li');
    if (item && e.dataTransfer) e.dataTransfer.setData('application/x-syncroom-entry', item.dataset.id ?? '');
  });
  list.addEventListener('click', (e) => {
    const button = /** @type {HTMLElement} */ (e.target).closest?.('button');
    const item = button?.closest('li');
    if (!button || !item) return;
    const id = Number(item.dataset.id);
    const action = button.dataset.action;
    if (action === 'play') controller.load(id, true);
    else if (action === 'up') queue.moveBy(id, -1);
    else if (action === 'down') queue.moveBy(id, 1);
    else if (action === 'remove') queue.remove(id);
    // Keep the focus on the same control of the same entry after the list is redrawn (on the
    // other arrow when the entry reached an end and this one is now disabled).
    const again = list.querySelector(`li[data-id="${id}"] button[data-action="${action}"]`);
    const other = list.querySelector(`li[data-id="${id}"] button[data-action="${action === 'up' ? 'down' : 'up'}"]`);
    (again && !again.disabled ? again : other)?.focus();
  });

  /** Each entry's item and what it showed, so a change redraws only the items it touches:
   * with hundreds of entries whose tags arrive one by one, the rest stay put under the pointer. */
  /** @type {Map<number, {item: HTMLElement, shown: string}>} */
  const drawn = new Map();
  const render = () => {
    count.textContent = queue.entries.length ? `(${queue.entries.length})` : '(empty)';
    const last = queue.entries.length - 1;
    const keep = new Set();
    queue.entries.forEach((entry, index) => {
      keep.add(entry.id);
      const shown = JSON.stringify([TrackQueue.nameOf(entry), entry.artist, entry.note, entry.failed,
        entry.id === queue.currentId, index === 0, index === last]);
      let d = drawn.get(entry.id);
      if (!d || d.shown !== shown) {
        const item = itemOf(entry, index, queue);
        if (d) d.item.replaceWith(item);
        d = { item, shown };
        drawn.set(entry.id, d);
      }
      if (list.children[index] !== d.item) list.insertBefore(d.item, list.children[index] ?? null);
    });
    for (const [id, d] of drawn) {
      if (keep.has(id)) continue;
      d.item.remove();
      drawn.delete(id);
    }
  };
  queue.addEventListener(QueueEvent.CHANGED, render);
  render();
}

/** @param {import('../room/queue.js').QueueEntry} entry @param {number} index @param {TrackQueue} queue */
function itemOf(entry, index, queue) {
  const item = document.createElement('li');
  item.dataset.id = String(entry.id);
  item.draggable = true;
  const current = entry.id === queue.currentId;
  if (current) item.setAttribute('aria-current', 'true');
  if (entry.failed) item.classList.add('failed');
  const name = TrackQueue.nameOf(entry);
  const title = element('span', 'queue-title', name);
  const artist = element('span', 'queue-artist muted', entry.artist);
  const note = element('span', 'queue-note', entry.note);
  const buttons = element('span', 'queue-buttons', '');
  buttons.append(
    button('play', current ? 'Playing' : 'Play', `Play ${name}`, entry.failed),
    button('up', '↑', `Move ${name} up`, index === 0),
    button('down', '↓', `Move ${name} down`, index === queue.entries.length - 1),
    button('remove', '✕', `Remove ${name}`, false),
  );
  item.append(title, artist, note, buttons);
  return item;
}

function element(tag, className, text) {
  const e = document.createElement(tag);
  e.className = className;
  e.textContent = text;
  if (!text && tag === 'span' && className !== 'queue-buttons') e.hidden = true;
  return e;
}

function button(action, text, label, disabled) {
  const b = document.createElement('button');
  b.type = 'button';
  b.dataset.action = action;
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.disabled = disabled;
  return b;
}
