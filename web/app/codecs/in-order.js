// Hands a listener's chunks to the decoder in index order. The audio channel is unordered
// (links/peer-links.js), so chunk k+1 can arrive before chunk k (reordering on the path, or k lost
// and resent); an Opus chunk decoded without the chunk before it has no pre-roll (codecs/opus.js,
// docs/protocol.md "Opus chunks"), so a chunk whose predecessor is still expected waits for it,
// but only until it is RELEASE_BEFORE_DUE_SEC from being due: then it goes on without it. A chunk
// behind what was already handed on (a repaired one that came after all) goes at once. Chunks that
// come before the page knows where the parent starts (its clock not synced yet: a page that joined
// early gets audio before its first clock burst is in) wait until it does, so the first of them
// is never taken for the start while its predecessor is still on its way. No DOM.

/** A held chunk is handed on at the latest this long before its first sample is due. */
export const RELEASE_BEFORE_DUE_SEC = 0.6;
/** At most this many chunks wait (10 s of 250 ms chunks); beyond, the lowest goes on. */
export const MAX_HELD_CHUNKS = 40;

export class InOrderRelease {
  /**
   * @param {(index: number, bytes: ArrayBuffer) => void} release hands a chunk to the decoder
   * @param {() => number | null} firstExpected the first chunk the parent sends after a (re)start
   *   (one before the position), or null while unknown: chunks wait until it is known
   */
  constructor(release, firstExpected = () => null) {
    this.release = release;
    this.firstExpected = firstExpected;
    /** @type {number | null} the highest index handed on since the last restart */
    this.lastReleased = null;
    /** @type {Map<number, ArrayBuffer>} */
    this.held = new Map();
    /** chunks handed on without their predecessor, because it had not come by their time */
    this.releasedWithoutPredecessor = 0;
  }

  /**
   * A new track or a seek: what is held is of another timeline; the next start is found anew.
   * `keepWaiting` (a new playback state): chunks held only because the start was not known yet
   * are kept, for they came for the timeline this restart announces (a new track's first chunks
   * often come before its playback state says where it starts; dropped, they would never come
   * again, and the track would stay silent).
   * @param {{keepWaiting?: boolean}} [options]
   */
  restart({ keepWaiting = false } = {}) {
    if (!(keepWaiting && this.lastReleased === null)) this.held.clear();
    this.lastReleased = null;
  }

  /** @param {number} index @param {ArrayBuffer} bytes */
  take(index, bytes) {
    if (this.lastReleased === null) {
      if (!this.findStart(index)) {
        this.held.set(index, bytes);
        if (this.held.size > MAX_HELD_CHUNKS) this.releaseUpTo(Math.min(...this.held.keys()));
        return;
      }
      this.drain(); // what came while the start was unknown, up to this chunk
    }
    if (index <= /** @type {number} */ (this.lastReleased) + 1) {
      this.hand(index, bytes);
      this.drain();
      return;
    }
    this.held.set(index, bytes);
    if (this.held.size > MAX_HELD_CHUNKS) this.releaseUpTo(Math.min(...this.held.keys()));
  }

  /**
   * Hands on the held chunks that are due within RELEASE_BEFORE_DUE_SEC (`firstDueIndex`: the
   * first chunk that is not) and those that follow them without a gap.
   * @param {number} firstDueIndex
   */
  expire(firstDueIndex) {
    if (this.lastReleased === null && this.held.size > 0) {
      if (!this.findStart()) return;
      this.drain();
    }
    while (this.held.size > 0) {
      const lowest = Math.min(...this.held.keys());
      if (lowest >= firstDueIndex) return;
      this.releaseUpTo(lowest);
    }
  }

  /**
   * Once the parent's first chunk is known, releasing starts just before it, or before the lowest
   * chunk held or `arriving`, if lower; false while it is unknown.
   * @param {number} [arriving] the chunk that just came, if any
   */
  findStart(arriving = Infinity) {
    const first = this.firstExpected();
    if (first === null) return false;
    this.lastReleased = Math.min(arriving, ...this.held.keys(), first) - 1;
    return true;
  }

  /** Hands on held chunk `index` (its predecessors given up) and what follows it. */
  releaseUpTo(index) {
    const bytes = this.held.get(index);
    if (!bytes) return;
    this.held.delete(index);
    this.releasedWithoutPredecessor++;
    this.hand(index, bytes);
    this.drain();
  }

  drain() {
    while (this.lastReleased !== null && this.held.has(this.lastReleased + 1)) {
      const next = this.lastReleased + 1;
      const bytes = /** @type {ArrayBuffer} */ (this.held.get(next));
      this.held.delete(next);
      this.hand(next, bytes);
    }
  }

  /** @param {number} index @param {ArrayBuffer} bytes */
  hand(index, bytes) {
    if (this.lastReleased === null || index > this.lastReleased) this.lastReleased = index;
    this.release(index, bytes);
  }
}
