// Spare downstream connections made before anyone needs them: peer connections with their audio
// channel, their offer set and their ICE candidates gathered. When the server asks this page to
// feed peers (a new listener; or, when a relay leaves, all of its children at once, handed to
// one substitute at the worst moment for a busy page), each offer goes out at once instead of
// after its connection is built, its offer created and its candidates gathered. Spares taken are
// made again a little later, off that moment.

/** After spares are taken, new ones are made this much later. */
export const SPARE_REFILL_MS = 1000;

/**
 * @typedef {{pc: RTCPeerConnection, channel: RTCDataChannel}} Spare
 */

export class SpareOffer {
  /**
   * @param {{create: () => Spare, problems: import('../problems.js').Problems, count?: number,
   *   refillMs?: number}} deps
   * `create()` makes a connection and its channel; the offer is made here. `count` spares are kept.
   */
  constructor({ create, problems, count = 1, refillMs = SPARE_REFILL_MS }) {
    this.create = create;
    this.problems = problems;
    this.count = count;
    this.refillMs = refillMs;
    /** @type {Spare[]} spares whose offer is set */
    this.ready = [];
    /** @type {Set<Spare>} spares being made */
    this.making = new Set();
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    this.stopped = false;
  }

  /** Makes spares now until `count` are ready or being made. */
  prepare() {
    while (!this.stopped && this.ready.length + this.making.size < this.count) this.makeOne();
  }

  makeOne() {
    const spare = this.create();
    this.making.add(spare);
    spare.pc.createOffer()
      .then((offer) => spare.pc.setLocalDescription(offer))
      .then(() => {
        if (!this.making.delete(spare)) return; // stopped meanwhile: its connection is closed
        this.ready.push(spare);
      })
      .catch((error) => {
        this.making.delete(spare);
        spare.pc.close();
        this.problems.report('spare-offer-failed', error);
      });
  }

  /**
   * A ready spare, now this caller's (its offer set, its candidates in its local description),
   * or null when none is ready; new ones follow after `refillMs`.
   * @returns {Spare | null}
   */
  take() {
    const spare = this.ready.shift() ?? null;
    if (spare) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.prepare(), this.refillMs);
    }
    return spare;
  }

  /**
   * Keeps `count` spares from now on: makes the missing ones now, or ends ready ones beyond it.
   * @param {number} count
   * @param {(pc: RTCPeerConnection) => void} [closeConnection] how an extra one's connection ends
   */
  setCount(count, closeConnection = (pc) => pc.close()) {
    this.count = count;
    while (this.ready.length > 0 && this.ready.length + this.making.size > count) {
      closeConnection(/** @type {Spare} */ (this.ready.pop()).pc);
    }
    this.prepare();
  }

  /** @param {(pc: RTCPeerConnection) => void} [closeConnection] how their connections end */
  stop(closeConnection = (pc) => pc.close()) {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const spare of [...this.ready, ...this.making]) closeConnection(spare.pc);
    this.ready = [];
    this.making.clear();
  }
}
