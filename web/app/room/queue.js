// The host's queue of tracks: the files picked or dropped, in the order they will play, which
// one is current, and what their tags said (title, artist, cover) or why one cannot play. No
// DOM and no audio: the host's queue controller (roles/host-queue.js) plays from it and the
// queue view (ui/queue.js) renders it. The room session owns the one instance.

/** Events of the queue; `detail` is empty: read the queue itself. */
export const QueueEvent = Object.freeze({
  /** entries were added, removed, moved, or their tags, state or the current one changed */
  CHANGED: 'queue-changed',
});

/** The most entries a queue holds; files beyond are refused with a count. */
export const MAX_QUEUE_ENTRIES = 1000;

/**
 * @typedef {object} QueueEntry
 * @property {number} id stable while it is in the queue
 * @property {Blob} file
 * @property {string} fileName
 * @property {string} title from the tags ('' until read, or when the file has none)
 * @property {string} artist
 * @property {Blob | null} cover the picture the tags carry, when small enough to show
 * @property {string} note what the person should know about it ('' when nothing): an
 *   unreadable or oversized tag, or why it cannot play
 * @property {boolean} failed the browser could not decode it: it is skipped
 * @property {boolean} tagsRead its tags have been asked for
 */

export class TrackQueue extends EventTarget {
  constructor({ maxEntries = MAX_QUEUE_ENTRIES } = {}) {
    super();
    this.maxEntries = maxEntries;
    /** @type {QueueEntry[]} */
    this.entries = [];
    /** @type {number | null} */
    this.currentId = null;
    this.nextId = 1;
  }

  /**
   * Appends `files` in their order, up to the bound.
   * @param {Iterable<Blob & {name?: string}>} files
   * @returns {{added: QueueEntry[], refused: number}}
   */
  add(files) {
    const added = [];
    let refused = 0;
    for (const file of files) {
      if (this.entries.length >= this.maxEntries) {
        refused++;
        continue;
      }
      const entry = {
        id: this.nextId++, file, fileName: String(file.name ?? 'untitled'), title: '', artist: '', cover: null, note: '', failed: false, tagsRead: false,
      };
      this.entries.push(entry);
      added.push(entry);
    }
    if (added.length > 0) this.changed();
    return { added, refused };
  }

  /** @param {number} id */
  get(id) {
    return this.entries.find((e) => e.id === id) ?? null;
  }

  /** @param {number} id */
  indexOf(id) {
    return this.entries.findIndex((e) => e.id === id);
  }

  /** @returns {QueueEntry | null} */
  get current() {
    return this.currentId === null ? null : this.get(this.currentId);
  }

  /** Removes an entry; removing the current one leaves no current entry. @param {number} id */
  remove(id) {
    const index = this.indexOf(id);
    if (index < 0) return false;
    this.entries.splice(index, 1);
    if (this.currentId === id) this.currentId = null;
    this.changed();
    return true;
  }

  /**
   * Moves an entry to `toIndex` (clamped to the queue).
   * @param {number} id @param {number} toIndex
   */
  move(id, toIndex) {
    const from = this.indexOf(id);
    if (from < 0) return false;
    const to = Math.max(0, Math.min(this.entries.length - 1, Math.trunc(toIndex)));
    if (to === from) return false;
    const [entry] = this.entries.splice(from, 1);
    this.entries.splice(to, 0, entry);
    this.changed();
    return true;
  }

  /** @param {number} id @param {number} steps -1: one place earlier */
  moveBy(id, steps) {
    return this.move(id, this.indexOf(id) + steps);
  }

  /** Makes `id` the current entry. @param {number} id */
  select(id) {
    if (!this.get(id) || this.currentId === id) return false;
    this.currentId = id;
    this.changed();
    return true;
  }

  /** The first playable entry after the current one (or the first of all when none is). */
  after() {
    const start = this.currentId === null ? 0 : this.indexOf(this.currentId) + 1;
    return this.entries.slice(start).find((e) => !e.failed) ?? null;
  }

  /** The last playable entry before the current one. */
  before() {
    const end = this.currentId === null ? 0 : this.indexOf(this.currentId);
    return this.entries.slice(0, Math.max(0, end)).reverse().find((e) => !e.failed) ?? null;
  }

  /**
   * What the file's tags said. Text is kept as text: views write it with textContent only.
   * @param {number} id @param {{title?: string, artist?: string, cover?: Blob | null, note?: string}} tags
   */
  setTags(id, { title = '', artist = '', cover = null, note = '' }) {
    const entry = this.get(id);
    if (!entry) return;
    Object.assign(entry, { title, artist, cover, note: note || entry.note });
    this.changed();
  }

  /** The browser cannot decode it: it is skipped from now on. @param {number} id @param {string} reason */
  markFailed(id, reason) {
    const entry = this.get(id);
    if (!entry) return;
    entry.failed = true;
    entry.note = reason;
    this.changed();
  }

  /** How the entry is named to people: its title, else its file name. @param {QueueEntry} entry */
  static nameOf(entry) {
    return entry.title || entry.fileName;
  }

  changed() {
    this.dispatchEvent(new CustomEvent(QueueEvent.CHANGED, { detail: {} }));
  }
}
