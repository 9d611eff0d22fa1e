// A listener's side of chunk repair: which missing chunks to ask its parent for again, and when.
// The audio channel is unordered with timed reliability (links/peer-links.js), so a chunk can be
// lost for good (SCTP gave up on it, or it was sent while the link was cut or the parent was
// changing) while the chunks after it arrive. A chunk is a gap when a later chunk of the same
// track has arrived and it has not, for longer than reordering explains; it is asked for (a
// `repair` of at most MAX_REPAIR_INDEXES indexes, docs/protocol.md) while the answer can still
// arrive before the chunk is due, again after RETRY_MS if still missing, at most MAX_TRIES
// times, and again at once from a new parent. What can no longer arrive in time is given up,
// and counted missing when its time comes (room/buffer-health.js). No DOM.

import { MAX_REPAIR_INDEXES } from '../protocol.js';

/** A gap this young may be reordering (the shaper's 40±15 ms reorders packets by tens of ms). */
export const REORDER_WAIT_MS = 120;
/** A chunk asked for and still missing this much later is asked for again. */
export const RETRY_MS = 500;
export const MAX_TRIES = 4;
/**
 * The least time before a chunk is due for an answer to arrive: the round trip of a repair as
 * measured (repairRttMs, smoothed), doubled, but never below this nor above MAX_ANSWER_MARGIN_MS.
 */
export const MIN_ANSWER_MARGIN_MS = 100;
export const MAX_ANSWER_MARGIN_MS = 1000;
/** Gaps are looked for at most this many chunks ahead of the position (10 s of 250 ms chunks). */
const MAX_WATCHED_CHUNKS = 40;

export class RepairRequests {
  constructor() {
    /**
     * @type {Map<number, {missingSinceMs: number, askedAtMs: number, tries: number, asked: boolean}>}
     * by chunk index; `tries` of the current parent, `asked` of any
     */
    this.gaps = new Map();
    /** round trip of an answered first request, smoothed (ms); null before the first */
    this.repairRttMs = null;
    /** asked: indexes asked for (each try); recovered: asked-for chunks that arrived; gaveUp: asked for, never came in time */
    this.counts = { asked: 0, recovered: 0, gaveUp: 0 };
  }

  /** How long before a chunk is due it must be asked for at the latest (ms). */
  get answerMarginMs() {
    const rtt = this.repairRttMs ?? MIN_ANSWER_MARGIN_MS / 2;
    return Math.min(MAX_ANSWER_MARGIN_MS, Math.max(MIN_ANSWER_MARGIN_MS, 2 * rtt));
  }

  /** A new track, a seek: the gaps known are of another timeline. */
  restart() {
    this.gaps.clear();
  }

  /** A new parent: what is still missing is asked of it at once, with tries anew. */
  newParent() {
    for (const gap of this.gaps.values()) {
      gap.askedAtMs = -Infinity;
      gap.tries = 0;
    }
  }

  /**
   * Chunk `index` of the current track arrived; true if it had been asked for (a repair).
   * @param {number} index @param {number} nowMs
   */
  arrived(index, nowMs) {
    const gap = this.gaps.get(index);
    if (!gap) return false;
    this.gaps.delete(index);
    if (!gap.asked) return false;
    this.counts.recovered++;
    if (gap.tries === 1) {
      const rtt = nowMs - gap.askedAtMs;
      this.repairRttMs = this.repairRttMs === null ? rtt : 0.8 * this.repairRttMs + 0.2 * rtt;
    }
    return true;
  }

  /**
   * The indexes to ask for now, nearest first (at most MAX_REPAIR_INDEXES).
   * @param {{nowMs: number, firstAskable: number, newest: number, has: (index: number) => boolean}} at
   *   `firstAskable`: the first chunk whose time is more than answerMarginMs away; `newest`: the
   *   highest index of the track that arrived
   * @returns {number[]}
   */
  due({ nowMs, firstAskable, newest, has }) {
    for (const [index, gap] of this.gaps) {
      if (index >= firstAskable) continue;
      this.gaps.delete(index);
      if (gap.asked) this.counts.gaveUp++;
    }
    /** @type {number[]} */
    const ask = [];
    const last = Math.min(newest, firstAskable + MAX_WATCHED_CHUNKS);
    for (let index = Math.max(0, firstAskable); index < last; index++) {
      if (has(index)) continue;
      let gap = this.gaps.get(index);
      if (!gap) {
        gap = { missingSinceMs: nowMs, askedAtMs: -Infinity, tries: 0, asked: false };
        this.gaps.set(index, gap);
      }
      if (ask.length >= MAX_REPAIR_INDEXES || gap.tries >= MAX_TRIES) continue;
      if (nowMs - gap.missingSinceMs < REORDER_WAIT_MS || nowMs - gap.askedAtMs < RETRY_MS) continue;
      gap.askedAtMs = nowMs;
      gap.tries++;
      gap.asked = true;
      ask.push(index);
    }
    this.counts.asked += ask.length;
    return ask;
  }
}
