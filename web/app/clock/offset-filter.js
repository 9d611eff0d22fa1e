// Offset and drift of this page's clock against the server: a two-state Kalman filter (offset
// in ms, drift in ms per ms) fed only with the fastest probes. A probe's offset can be wrong by
// at most half of its round trip beyond the path's own (RFC 5905 §8: the error of θ is bounded
// by δ/2; only queueing, which adds to δ, can make it lopsided), so each sample is trusted by how
// close its round trip is to the fastest one seen lately: the noise it is given is half its
// queueing beyond that floor, some of the floor itself, and timer precision. Drift is never
// capped: it is whatever the samples say, starting from a prior of 500 ppm.
//
// Every probe also bounds the true offset outright: the server read t1 after t0 and t2 before t3,
// so θ lies in [t2 - t3, t1 - t0], a window as wide as the round trip around the probe's offset.
// An estimate outside a sample's window (beyond timer precision) is wrong whatever the noise says
// (the server restarted, the page slept): the filter then grows its offset and drift spreads by
// as much, so it takes that sample nearly as it is and relearns the drift from the next ones.
//
// What no two-way probe can see is an asymmetric path: a probe whose way to the server is slower
// by A than the way back reads A/2 high, every one of them alike. `asymmetryBoundMs` (half the
// fastest round trip) is the most that bias can be; the filter's own spread (`uncertaintyMs`) does
// not include it.

import { RttFloor } from './rtt-floor.js';

/** @typedef {import('./probe.js').ClockSample} ClockSample */

/** Spread of a sample with no queueing at all: timer precision (1 ms steps where not isolated). */
const FLOOR_NOISE_MS = 0.3;
/** Prior spread of the drift: real oscillators stay within a few hundred ppm (not a cap). */
const PRIOR_DRIFT = 500e-6;
/** Offset random walk, ms² per ms of time (0.03 ms a second): what neither clock owns up to. */
const OFFSET_WANDER = 1e-6;
/** Drift random walk, per ms (a few ppm over 100 s: an NTP slew on either side). */
const DRIFT_WANDER = 1e-16;
/** Of the fastest round trip, the share still counted as possible queueing (the floor is an estimate too). */
const FLOOR_SHARE = 0.5;
/** How far beyond a probe's own window an estimate may sit before it is known wrong (timers). */
const WINDOW_SLACK_MS = 2;

export class OffsetFilter {
  constructor() {
    this.rttFloor = new RttFloor();
    /** local time (ms) the state refers to; null before the first sample */
    this.at = null;
    this.offset = 0; // server minus local, ms
    this.drift = 0; // ms per ms
    // covariance [[p00, p01], [p01, p11]]
    this.p00 = 0;
    this.p01 = 0;
    this.p11 = 0;
    /** samples taken, and how many of them found the estimate outside their window */
    this.samples = 0;
    this.resets = 0;
    /** local time of the last sample taken */
    this.lastAt = null;
  }

  get ready() {
    return this.at !== null;
  }

  /**
   * Tells the filter the round trips of a whole burst (all of them, for the floor), before the
   * fastest of them are added.
   * @param {ClockSample[]} samples
   */
  observeRtts(samples) {
    for (const s of samples) this.rttFloor.observe(s.local, s.rtt);
  }

  /** @param {ClockSample} sample */
  add(sample) {
    const { local, offset: z, rtt } = sample;
    if (![local, z, rtt].every(Number.isFinite)) return;
    this.rttFloor.observe(local, rtt);
    const floorMs = Math.max(0, this.rttFloor.minMs);
    const excessMs = Math.max(0, rtt - floorMs);
    // Queueing beyond the floor may all be on one side (congestion one way): its half counts in
    // full. Within the floor, a share may be queueing too, spread evenly (the floor is itself
    // only the fastest probe seen, not the path's own round trip).
    const r = FLOOR_NOISE_MS ** 2 + (excessMs / 2) ** 2 + ((FLOOR_SHARE * floorMs) / 2) ** 2 / 3;
    this.samples++;
    if (this.at === null) {
      this.at = local;
      this.offset = z;
      this.drift = 0;
      this.p00 = r;
      this.p01 = 0;
      this.p11 = PRIOR_DRIFT ** 2;
      this.lastAt = local;
      return;
    }
    this.predict(local);
    this.lastAt ??= local;
    const innovation = z - this.offset;
    if (Math.abs(innovation) > Math.max(0, rtt) / 2 + WINDOW_SLACK_MS) {
      // Known wrong: either the offset stepped or the drift is off by what it would take to have
      // wandered this far since the last sample (up to the prior's spread again). Both are made
      // that uncertain; the next samples tell which.
      this.resets++;
      const sinceMs = Math.max(local - this.lastAt, 1000);
      this.p00 += innovation ** 2;
      this.p11 += Math.min((innovation / sinceMs) ** 2, PRIOR_DRIFT ** 2);
    }
    const s = this.p00 + r;
    const k0 = this.p00 / s;
    const k1 = this.p01 / s;
    this.offset += k0 * innovation;
    this.drift += k1 * innovation;
    const p00 = (1 - k0) * this.p00;
    const p01 = (1 - k0) * this.p01;
    const p11 = this.p11 - k1 * this.p01;
    this.p00 = p00;
    this.p01 = p01;
    this.p11 = p11;
    this.lastAt = local;
  }

  /** Moves the state forward to local time `local` (never backward). */
  predict(local) {
    const dt = Math.max(0, local - this.at);
    if (dt === 0) return;
    this.offset += this.drift * dt;
    const p00 = this.p00 + 2 * dt * this.p01 + dt * dt * this.p11 + OFFSET_WANDER * dt + (DRIFT_WANDER * dt ** 3) / 3;
    const p01 = this.p01 + dt * this.p11 + (DRIFT_WANDER * dt * dt) / 2;
    const p11 = this.p11 + DRIFT_WANDER * dt;
    this.p00 = p00;
    this.p01 = p01;
    this.p11 = p11;
    this.at = local;
  }

  /**
   * Server-minus-local offset in ms at local time `local`; 0 before the first sample.
   * @param {number} local
   */
  offsetAt(local) {
    if (this.at === null) return 0;
    return this.offset + this.drift * (local - this.at);
  }

  /**
   * The local time at which the server clock reads `serverMs` (the inverse of
   * local + offsetAt(local)).
   * @param {number} serverMs
   */
  localAt(serverMs) {
    if (this.at === null) return serverMs;
    return (serverMs - this.offset + this.drift * this.at) / (1 + this.drift);
  }

  /** Drift of the local clock against the server, in parts per million. */
  get driftPpm() {
    return this.drift * 1e6;
  }

  /**
   * One standard deviation of the offset estimate at local time `local`, in ms: the spread of
   * the probes and of the drift since, not the bias of an asymmetric path.
   * @param {number} local
   */
  uncertaintyAt(local) {
    if (this.at === null) return Infinity;
    const dt = Math.max(0, local - this.at);
    return Math.sqrt(this.p00 + 2 * dt * this.p01 + dt * dt * this.p11 + OFFSET_WANDER * dt);
  }

  /** The most an asymmetric path can bias the offset: half the fastest recent round trip (ms). */
  get asymmetryBoundMs() {
    return Math.max(0, this.rttFloor.minMs) / 2;
  }
}
