// How early chunks arrive: for each chunk of the current track that arrives while the room
// plays, its lead, the server time its first sample is due minus the server time it arrived
// (ms; negative: late). Kept for the last MAX_SAMPLES chunks; the benchmark reads p1 and p50
// (diagnostics.js `leadMs`), and the listener's lead ahead of its parent follows the spread of it
// (roles/listener.js). No DOM.

/** 5 minutes of 250 ms chunks. */
export const MAX_SAMPLES = 1200;

export class ArrivalLead {
  constructor(maxSamples = MAX_SAMPLES) {
    this.maxSamples = maxSamples;
    /** @type {number[]} ring of leads (ms) */
    this.samples = [];
    this.next = 0;
  }

  /** @param {number} leadMs */
  add(leadMs) {
    if (this.samples.length < this.maxSamples) this.samples.push(leadMs);
    else this.samples[this.next] = leadMs;
    this.next = (this.next + 1) % this.maxSamples;
  }

  /** Nearest-rank percentile (0 < p <= 1) of the leads kept, or null before the first. @param {number} p */
  percentile(p) {
    if (this.samples.length === 0) return null;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  }

  /** What diagnostics.js reads: {p1, p50, count}. */
  snapshot() {
    return { p1: this.percentile(0.01), p50: this.percentile(0.5), count: this.samples.length };
  }
}
