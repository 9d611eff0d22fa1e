// A spare downstream connection made before anyone needs it: a peer connection with its audio
// channel, its offer set and its ICE candidates gathered. When the server asks this page to feed
// a peer (a new listener, or the orphans of a relay that left, at the worst moment for a busy
// page), the offer goes out at once instead of after the connection is built, the offer created
// and the candidates gathered. The next spare is made a little later, off that moment.

/** After a spare is taken, the next one is made this much later. */
export const SPARE_REFILL_MS = 1000;

/**
 * @typedef {{pc: RTCPeerConnection, channel: RTCDataChannel}} Spare
 */

export class SpareOffer {
  /**
   * @param {{create: () => Spare, problems: import('../problems.js').Problems, refillMs?: number}} deps
   * `create()` makes the connection and its channel; the offer is made here.
   */
  constructor({ create, problems, refillMs = SPARE_REFILL_MS }) {
    this.create = create;
    this.problems = problems;
    this.refillMs = refillMs;
    /** @type {Spare | null} a spare whose offer is set */
    this.ready = null;
    /** @type {Spare | null} one being made */
    this.making = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    this.stopped = false;
  }

  /** Makes a spare now, unless one is ready or being made. */
  prepare() {
    if (this.stopped || this.ready || this.making) return;
    const spare = this.create();
    this.making = spare;
    spare.pc.createOffer()
      .then((offer) => spare.pc.setLocalDescription(offer))
      .then(() => {
        if (this.making !== spare) return; // stopped meanwhile: its connection is closed
        this.making = null;
        this.ready = spare;
      })
      .catch((error) => {
        if (this.making === spare) this.making = null;
        spare.pc.close();
        this.problems.report('spare-offer-failed', error);
      });
  }

  /**
   * The ready spare, now this caller's (its offer set, its candidates in its local description),
   * or null when none is ready; a new one follows after `refillMs`.
   * @returns {Spare | null}
   */
  take() {
    const spare = this.ready;
    this.ready = null;
    if (spare) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.prepare(), this.refillMs);
    }
    return spare;
  }

  /** @param {(pc: RTCPeerConnection) => void} [closeConnection] how its connection ends */
  stop(closeConnection = (pc) => pc.close()) {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const spare of [this.ready, this.making]) if (spare) closeConnection(spare.pc);
    this.ready = null;
    this.making = null;
  }
}
