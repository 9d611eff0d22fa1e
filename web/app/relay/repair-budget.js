// How many chunks a parent sends again to each child on its `repair` requests: a token bucket
// per child, so a child that keeps asking (broken, or hostile) costs its parent at most
// REPAIR_CHUNKS_PER_SEC of upload on top of the stream, and children cannot starve each other.

/**
 * Chunks resent to one child a second, and at once. The stream itself is 4 chunks a second
 * (250 ms chunks); after a cut or a change of parent a child may miss a few seconds ahead at once.
 */
export const REPAIR_CHUNKS_PER_SEC = 8;
export const REPAIR_BURST_CHUNKS = 16;

export class RepairBudget {
  /** @param {{now?: () => number, perSec?: number, burst?: number}} [options] */
  constructor({ now = () => performance.now(), perSec = REPAIR_CHUNKS_PER_SEC, burst = REPAIR_BURST_CHUNKS } = {}) {
    this.now = now;
    this.perSec = perSec;
    this.burst = burst;
    /** @type {Map<string, {tokens: number, at: number}>} per child, removed when it goes */
    this.buckets = new Map();
    /** chunks asked for beyond the budget, in all */
    this.refused = 0;
  }

  /**
   * How many of `wanted` chunks child `peerId` may be sent now; takes them from its bucket.
   * @param {string} peerId @param {number} wanted
   */
  take(peerId, wanted) {
    const now = this.now();
    const bucket = this.buckets.get(peerId) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSec);
    bucket.at = now;
    const granted = Math.max(0, Math.min(wanted, Math.floor(bucket.tokens)));
    bucket.tokens -= granted;
    this.buckets.set(peerId, bucket);
    this.refused += wanted - granted;
    return granted;
  }

  /** @param {string} peerId */
  forget(peerId) {
    this.buckets.delete(peerId);
  }
}
