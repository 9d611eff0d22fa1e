// Offset and drift of this page's clock against the server, from best-of-burst samples: a
// least-squares line through recent samples, with samples delayed far beyond the best
// round trip ignored and the slope capped at what real oscillators do.

const MAX_SAMPLES = 40;
const MIN_SLOPE_SAMPLES = 5; // fewer bursts than this: offset only, no drift
const MIN_SLOPE_SPAN_MS = 8000; // nor before the bursts span this long
const MAX_DRIFT = 500e-6; // real oscillators stay within a few hundred ppm; more is noise

/** @typedef {import('./probe.js').ClockSample} ClockSample */

export class DriftFit {
  constructor() {
    /** @type {ClockSample[]} */
    this.samples = [];
  }

  /** @param {ClockSample} sample */
  add(sample) {
    this.samples.push(sample);
    if (this.samples.length > MAX_SAMPLES) this.samples.shift();
  }

  get ready() {
    return this.samples.length > 0;
  }

  /**
   * Server-minus-local offset in ms at local time `local`; 0 until the first sample.
   * @param {number} local
   */
  offsetAt(local) {
    if (this.samples.length === 0) return 0;
    const minRtt = Math.min(...this.samples.map((s) => s.rtt));
    const good = this.samples.filter((s) => s.rtt <= minRtt * 2 + 1);
    const span = good[good.length - 1].local - good[0].local;
    if (good.length < MIN_SLOPE_SAMPLES || span < MIN_SLOPE_SPAN_MS) {
      // Offset only: the average of the good samples, weighted towards the recent ones.
      const recent = good.slice(-3);
      return recent.reduce((a, s) => a + s.offset, 0) / recent.length;
    }
    const n = good.length;
    const meanX = good.reduce((a, s) => a + s.local, 0) / n;
    const meanY = good.reduce((a, s) => a + s.offset, 0) / n;
    let sxx = 0;
    let sxy = 0;
    for (const s of good) {
      sxx += (s.local - meanX) ** 2;
      sxy += (s.local - meanX) * (s.offset - meanY);
    }
    const slope = Math.max(-MAX_DRIFT, Math.min(MAX_DRIFT, sxy / sxx));
    return meanY + slope * (local - meanX);
  }

  /** Drift of the local clock against the server, in parts per million. */
  get driftPpm() {
    if (this.samples.length < 2) return 0;
    const a = this.samples[0];
    const b = this.samples[this.samples.length - 1];
    return b.local === a.local ? 0 : ((this.offsetAt(b.local) - this.offsetAt(a.local)) / (b.local - a.local)) * 1e6;
  }
}
