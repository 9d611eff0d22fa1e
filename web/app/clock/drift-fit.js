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
    /**
     * The line through the samples, fitted once per new sample (offsetAt runs on every
     * server-time conversion: each chunk, each watch tick, each position read).
     * @type {{meanX: number, meanY: number, slope: number} | null}
     */
    this.line = null;
  }

  /** @param {ClockSample} sample */
  add(sample) {
    this.samples.push(sample);
    if (this.samples.length > MAX_SAMPLES) this.samples.shift();
    this.line = null;
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
    this.line ??= fitLine(this.samples);
    return this.line.meanY + this.line.slope * (local - this.line.meanX);
  }

  /** Drift of the local clock against the server, in parts per million. */
  get driftPpm() {
    if (this.samples.length < 2) return 0;
    const a = this.samples[0];
    const b = this.samples[this.samples.length - 1];
    return b.local === a.local ? 0 : ((this.offsetAt(b.local) - this.offsetAt(a.local)) / (b.local - a.local)) * 1e6;
  }
}

/**
 * The offset line through the samples whose round trip is near the best: offset and drift, or
 * with too few samples or too short a span the offset alone (a flat line), the average of the
 * last good samples.
 * @param {ClockSample[]} samples
 * @returns {{meanX: number, meanY: number, slope: number}}
 */
function fitLine(samples) {
  const minRtt = Math.min(...samples.map((s) => s.rtt));
  const good = samples.filter((s) => s.rtt <= minRtt * 2 + 1);
  const span = good[good.length - 1].local - good[0].local;
  if (good.length < MIN_SLOPE_SAMPLES || span < MIN_SLOPE_SPAN_MS) {
    const recent = good.slice(-3);
    return { meanX: 0, meanY: recent.reduce((a, s) => a + s.offset, 0) / recent.length, slope: 0 };
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
  return { meanX, meanY, slope: Math.max(-MAX_DRIFT, Math.min(MAX_DRIFT, sxy / sxx)) };
}
