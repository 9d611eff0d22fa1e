// Server clock estimation: NTP-style probes over the signalling socket, a minimum-RTT
// filter per burst, and a least-squares line through recent bursts so that both the
// offset and the drift of this machine's clock against the server are tracked.

const MAX_SAMPLES = 40;
const MIN_SLOPE_SAMPLES = 5; // fewer bursts than this: offset only, no drift
const MIN_SLOPE_SPAN_MS = 8000; // nor before the bursts span this long
const MAX_DRIFT = 500e-6; // real oscillators stay within a few hundred ppm; more is noise

/**
 * One probe: t0 and t3 on the local clock (send, receive), t1 and t2 on the server clock
 * (receive, send). Returns {local, offset, rtt}: at local time `local` the server was
 * `offset` ms ahead, measured with round trip `rtt`.
 */
export function probeSample({ t0, t1, t2, t3 }) {
  return {
    local: (t0 + t3) / 2,
    offset: ((t1 - t0) + (t2 - t3)) / 2,
    rtt: (t3 - t0) - (t2 - t1),
  };
}

/** The probe of a burst least disturbed by queueing: the one with the smallest round trip. */
export function bestOf(samples) {
  return samples.reduce((best, s) => (best === null || s.rtt < best.rtt ? s : best), null);
}

/** Offset and drift from best-of-burst samples; outliers (rtt far above the best) are ignored. */
export class ClockEstimator {
  constructor() {
    this.samples = [];
  }

  add(sample) {
    this.samples.push(sample);
    if (this.samples.length > MAX_SAMPLES) this.samples.shift();
  }

  get ready() {
    return this.samples.length > 0;
  }

  /** Server-minus-local offset in ms at local time `local`; 0 until the first sample. */
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

/**
 * Keeps an estimate of server time. `probe()` must resolve to {t0, t1, t2, t3}; the
 * signalling module takes t0 and t3 as close to the socket as the browser allows.
 */
export class ServerClock {
  constructor(probe, { now = () => performance.now(), burstSize = 8, resyncMs = 2000 } = {}) {
    this.probe = probe;
    this.now = now;
    this.burstSize = burstSize;
    this.resyncMs = resyncMs;
    this.estimator = new ClockEstimator();
    this.lastRtt = NaN;
    this.timer = null;
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  /** First burst (retried until the socket is up), then a short burst every `resyncMs`. */
  async start() {
    for (;;) {
      try {
        // The first burst gates the first sound, so its probes go out nearly back to back.
        await this.burst(this.burstSize, 3);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    this.markReady();
    this.timer = setInterval(() => this.burst(4).catch(() => {}), this.resyncMs);
  }

  stop() {
    clearInterval(this.timer);
  }

  async burst(count, gapMs = 15) {
    const samples = [];
    for (let i = 0; i < count; i++) {
      samples.push(probeSample(await this.probe()));
      if (i < count - 1) await new Promise((r) => setTimeout(r, gapMs));
    }
    const best = bestOf(samples);
    this.lastRtt = best.rtt;
    this.estimator.add(best);
  }

  get synced() {
    return this.estimator.ready;
  }

  /** Server time now, in server milliseconds. */
  serverNow() {
    const local = this.now();
    return local + this.estimator.offsetAt(local);
  }

  /** The local (performance.now) time at which the server clock reads `serverMs`. */
  toLocal(serverMs) {
    let local = serverMs - this.estimator.offsetAt(this.now());
    local = serverMs - this.estimator.offsetAt(local);
    return local;
  }

  /** Server time at local (performance.now) time `localMs`. */
  toServer(localMs) {
    return localMs + this.estimator.offsetAt(localMs);
  }
}
