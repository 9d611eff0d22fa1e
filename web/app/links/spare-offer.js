// Spare downstream connections made before anyone needs them: peer connections with their audio
// channel, their offer set and their ICE candidates gathered. When the server asks this page to
// feed peers (a new listener; or, when a relay leaves, all of its children at once, handed to
// one substitute at the worst moment for a busy page), each offer goes out at once instead of
// after its connection is built, its offer created and its candidates gathered. Spares taken are
// made again a little later, off that moment.
//
// Once its candidates are gathered a spare is also "shelved": named to the server
// (`spare-offers`), which hands its offer to the next listener it places under this page together
// with that listener's orders, and names it in this page's `feed` (take(id)). The offer then
// reaches the listener one trip through the server earlier, and this page's busy moment is
// no longer on the way.

/** After spares are taken, new ones are made this much later. */
export const SPARE_REFILL_MS = 1000;
/**
 * A spare whose candidates are not all gathered by then is never shelved (the server could
 * hand out an offer missing them); it is still used the ordinary way, its candidates trickling.
 */
export const GATHER_WAIT_MS = 3000;

/**
 * @typedef {{pc: RTCPeerConnection, channel: RTCDataChannel}} Connection
 * @typedef {Connection & {id: string, shelved: boolean}} Spare
 */

/**
 * Resolves true once `pc` has gathered all its ICE candidates, false after `waitMs`.
 * @param {RTCPeerConnection} pc @param {number} waitMs
 * @returns {Promise<boolean>}
 */
function gathered(pc, waitMs) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), waitMs);
    /** @type {any} */ (timer).unref?.();
    const previous = pc.onicegatheringstatechange;
    pc.onicegatheringstatechange = (event) => {
      previous?.call(pc, event);
      if (pc.iceGatheringState !== 'complete') return;
      clearTimeout(timer);
      pc.onicegatheringstatechange = previous;
      resolve(true);
    };
  });
}

export class SpareOffer {
  /**
   * @param {{create: () => Connection, problems: import('../problems.js').Problems, count?: number,
   *   refillMs?: number, gatherWaitMs?: number, onShelfChange?: (shelf: Spare[]) => void}} deps
   * `create()` makes a connection and its channel; the offer is made here. `count` spares are
   * kept. `onShelfChange` hears the shelved spares whenever they change.
   */
  constructor({ create, problems, count = 1, refillMs = SPARE_REFILL_MS, gatherWaitMs = GATHER_WAIT_MS,
    onShelfChange = () => {} }) {
    this.create = create;
    this.problems = problems;
    this.count = count;
    this.refillMs = refillMs;
    this.gatherWaitMs = gatherWaitMs;
    this.onShelfChange = onShelfChange;
    /** @type {Spare[]} spares whose offer is set */
    this.ready = [];
    /** @type {Set<Spare>} spares being made */
    this.making = new Set();
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    this.stopped = false;
    this.made = 0;
  }

  /** Makes spares now until `count` are ready or being made. */
  prepare() {
    while (!this.stopped && this.ready.length + this.making.size < this.count) this.makeOne();
  }

  makeOne() {
    const spare = { ...this.create(), id: `s${++this.made}`, shelved: false };
    this.making.add(spare);
    spare.pc.createOffer()
      .then((offer) => spare.pc.setLocalDescription(offer))
      .then(() => {
        if (!this.making.delete(spare)) return; // stopped meanwhile: its connection is closed
        this.ready.push(spare);
        return gathered(spare.pc, this.gatherWaitMs).then((complete) => {
          if (!complete || !this.ready.includes(spare)) return;
          spare.shelved = true;
          this.shelfChanged();
        });
      })
      .catch((error) => {
        this.making.delete(spare);
        spare.pc.close();
        this.problems.report('spare-offer-failed', error);
      });
  }

  /** The spares the server may hand out now, oldest first. */
  get shelf() {
    return this.ready.filter((spare) => spare.shelved);
  }

  shelfChanged() {
    this.onShelfChange(this.shelf);
  }

  /**
   * A ready spare, now this caller's (its offer set, its candidates in its local description),
   * or null when none is ready; new ones follow after `refillMs`. With `id`, that very spare
   * (the one the server handed out), or null when this page no longer has it; without, any
   * but the ones the server may be handing out (unless there is no other).
   * @param {string | null} [id]
   * @returns {Spare | null}
   */
  take(id = null) {
    const index = id !== null
      ? this.ready.findIndex((s) => s.id === id)
      : Math.max(this.ready.findIndex((s) => !s.shelved), 0);
    const spare = index >= 0 ? this.ready.splice(index, 1)[0] ?? null : null;
    if (spare) {
      if (spare.shelved) this.shelfChanged();
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
    let shelfChanged = false;
    while (this.ready.length > 0 && this.ready.length + this.making.size > count) {
      const spare = /** @type {Spare} */ (this.ready.pop());
      shelfChanged ||= spare.shelved;
      closeConnection(spare.pc);
    }
    if (shelfChanged) this.shelfChanged();
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
