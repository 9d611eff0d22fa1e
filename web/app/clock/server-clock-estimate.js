// This page's estimate of the server's clock (the server's ServerClock is the authority;
// this is only what the page infers of it): bursts of time probes over the signalling
// socket, the fastest quarter of each burst fed to the offset-and-drift filter.
//
// A page that joins must be right within about 2 s, so the first burst is dense (its probes gate
// the first sound: 2 ms apart on a LAN, in flight together 25 ms apart on a wide-area path);
// then one every 2 s until ten are in, then one every 8 s. On a noisy path (a wide-area round trip, and an estimate still unsure) more is
// needed: four bursts half a second apart after the first, 8 probes a burst, steady ones every
// 4 s. A LAN or loopback (a 500-listener room on one machine) never pays for that.

import { OffsetFilter } from './offset-filter.js';
import { fastestOf, probeSample } from './probe.js';

const FIRST_BURST_ATTEMPTS = 20; // per start(); a new connection starts again
const FIRST_BURST_RETRY_MS = 500;
const FIRST_BURST_PROBES = 12; // within the server's probe burst (20) with room for the next
const FIRST_BURST_GAP_MS = 2;
/** Probes of a first burst sent without waiting for answers go out this far apart. */
const PIPELINED_GAP_MS = 25;
const RESYNC_PROBES = 4;
const RESYNC_GAP_MS = 15;
/**
 * A noisy path: the fastest round trip is at least NOISY_FLOOR_MS and the estimate is unsure by
 * more than NOISY_PATH_MS. There a burst of 4 rarely holds a fast probe, so bursts are 8 probes
 * and steady ones come every NOISY_RESYNC_MS rather than every `steadyResyncMs`.
 */
const NOISY_FLOOR_MS = 5;
const NOISY_PATH_MS = 0.5;
const NOISY_PATH_PROBES = 8;
const NOISY_RESYNC_MS = 4000;
/** On a noisy path, the first bursts after the first come every `quickResyncMs` (a late joiner's first 2 s). */
const QUICK_BURSTS = 4;
const QUICK_RESYNC_MS = 500;
/**
 * Resync bursts come every `resyncMs` (2 s) until this many are in, enough for the drift to
 * settle, then every `steadyResyncMs`. Four probes every 2 s from every page was a quarter of
 * the server's work and a fifth of each listener's in a 500-listener room.
 */
const CONVERGING_BURSTS = 10;
const STEADY_RESYNC_MS = 8000;
/** Of each burst, this share of the probes (the fastest; at least one) reaches the filter. */
const KEPT_SHARE = 0.25;
/**
 * Keeping the fastest probes pays where queueing is one-sided (a fast probe is a good one). Where
 * a path's jitter is symmetric it does not: a fast round trip says nothing of which way was slow,
 * and only averaging more probes helps (README, "Clock estimate", gaussian-jitter). Every burst of
 * at least SPREAD_PROBES probes tells which: how far apart its two fastest offsets are, against
 * the spread of all its offsets (about 1.1 for symmetric jitter, well below for one-sided). Once
 * the average of that ratio (each burst weighing RATIO_WEIGHT) exceeds SYMMETRIC_RATIO, every
 * probe of a burst goes to the filter (which still trusts each by its round trip).
 */
const SPREAD_PROBES = 8;
const RATIO_WEIGHT = 0.2;
const SYMMETRIC_RATIO = 0.75;
/** ... and, as averaging is all that helps there, bursts come every SYMMETRIC_RESYNC_MS. */
const SYMMETRIC_RESYNC_MS = 2000;

/** @typedef {import('./probe.js').ProbeTimes} ProbeTimes */

export class ServerClockEstimate {
  /**
   * `probe()` must resolve to {t0, t1, t2, t3}; the signalling module takes t0 and t3 as close
   * to the socket as the browser allows. `isRetryable(error)` tells a failed probe worth
   * retrying (no connection yet, a drop, a timeout) from a bug.
   * `onError(error, phase)` hears every failed burst: phase 'first' (retried or not) or 'resync'.
   * `timers` are setTimeout/clearTimeout (the clock simulation passes virtual ones).
   * @param {() => Promise<ProbeTimes>} probe
   * @param {{now?: () => number, burstSize?: number, quickResyncMs?: number, resyncMs?: number,
   *   steadyResyncMs?: number, isRetryable?: (e: unknown) => boolean,
   *   onError?: (e: unknown, phase: string) => void,
   *   timers?: {setTimeout: (fn: () => void, ms: number) => any, clearTimeout: (id: any) => void}}} [options]
   */
  constructor(probe, {
    now = () => performance.now(), burstSize = FIRST_BURST_PROBES, quickResyncMs = QUICK_RESYNC_MS,
    resyncMs = 2000, steadyResyncMs = STEADY_RESYNC_MS,
    isRetryable = () => false, onError = (e, phase) => console.warn(`[sync-room] clock ${phase} burst failed:`, e),
    timers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (id) => clearTimeout(id) },
  } = {}) {
    this.probe = probe;
    this.now = now;
    this.burstSize = burstSize;
    this.quickResyncMs = quickResyncMs;
    this.resyncMs = resyncMs;
    this.steadyResyncMs = steadyResyncMs;
    /** resync bursts sent since the last start() */
    this.resyncs = 0;
    /** probes answered, over the estimate's life */
    this.probesAnswered = 0;
    this.isRetryable = isRetryable;
    this.onError = onError;
    this.timers = timers;
    this.filter = new OffsetFilter();
    /** the average ratio of SYMMETRIC_RATIO's note; 0: assume the fastest probes are the good ones */
    this.fastPairRatio = 0;
    this.lastRtt = NaN;
    this.timer = null;
    this.starting = null;
  }

  /**
   * First burst (retried a bounded number of times while the failure is worth retrying),
   * then short bursts: every `quickResyncMs` at first on a noisy path, every `resyncMs`, then
   * every `steadyResyncMs` once the drift has settled. Resolves when the first burst is in; rejects
   * when it gives up. Calling it again while it runs, or after it succeeded, is harmless.
   */
  start() {
    if (this.synced && this.timer !== null) return Promise.resolve();
    if (!this.starting) {
      this.starting = this.firstBurst().finally(() => {
        this.starting = null;
      });
    }
    return this.starting;
  }

  async firstBurst() {
    for (let attempt = 1; ; attempt++) {
      try {
        // The first burst gates the first sound. On a LAN its probes go one at a time 2 ms apart
        // (a few ms in all); once one shows a wide-area round trip (NOISY_FLOOR_MS) the rest are
        // in flight together, 25 ms apart: one round trip and 0.3 s in all, not one round trip
        // per probe (1.2 s on an 80 ms path). Spread over 0.3 s rather than back to back, they
        // meet less of the same queue (README, "Clock estimate").
        await this.burst(this.burstSize, FIRST_BURST_GAP_MS, { pipelineFromRttMs: NOISY_FLOOR_MS });
        break;
      } catch (e) {
        this.onError(e, 'first');
        if (!this.isRetryable(e) || attempt >= FIRST_BURST_ATTEMPTS) throw e;
        await this.sleep(FIRST_BURST_RETRY_MS);
      }
    }
    if (this.timer === null) {
      this.resyncs = 0;
      this.scheduleResync();
    }
  }

  /** The path is wide-area and the estimate still unsure: probe more (see NOISY_FLOOR_MS). */
  get noisyPath() {
    return this.filter.rttFloor.minMs >= NOISY_FLOOR_MS && this.uncertaintyMs > NOISY_PATH_MS;
  }

  scheduleResync() {
    const noisy = this.noisyPath;
    const waitMs = this.resyncs < QUICK_BURSTS && noisy ? this.quickResyncMs
      : this.resyncs < CONVERGING_BURSTS ? this.resyncMs
        : noisy ? Math.min(this.steadyResyncMs, this.symmetricJitter ? SYMMETRIC_RESYNC_MS : NOISY_RESYNC_MS)
          : this.steadyResyncMs;
    this.timer = this.timers.setTimeout(() => {
      this.resyncs++;
      const probes = this.noisyPath ? NOISY_PATH_PROBES : RESYNC_PROBES;
      this.burst(probes).catch((e) => this.onError(e, 'resync')).finally(() => {
        if (this.timer !== null) this.scheduleResync();
      });
    }, waitMs);
  }

  stop() {
    this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** @param {number} ms */
  sleep(ms) {
    return new Promise((resolve) => this.timers.setTimeout(() => resolve(undefined), ms));
  }

  /**
   * Sends `count` probes, each `gapMs` after the answer to the one before; the fastest quarter of
   * them (at least one) goes to the filter. A probe that fails fails the burst, and none of it is
   * used. `pipelineFromRttMs`: once an answer took that long, the rest go out
   * PIPELINED_GAP_MS apart without waiting for answers (the first burst on a wide-area path).
   * @param {number} count @param {number} [gapMs] @param {{pipelineFromRttMs?: number}} [options]
   */
  async burst(count, gapMs = RESYNC_GAP_MS, { pipelineFromRttMs = Infinity } = {}) {
    /** @type {ReturnType<typeof probeSample>[]} */
    const samples = [];
    while (samples.length < count) {
      const sample = probeSample(await this.probe());
      samples.push(sample);
      if (sample.rtt >= pipelineFromRttMs) break;
      if (samples.length < count) await this.sleep(gapMs);
    }
    const inFlight = [];
    let failed = false; // once one fails the burst is lost: no more of it is sent
    for (let i = samples.length; i < count && !failed; i++) {
      const answer = this.probe().then(probeSample);
      answer.catch(() => { failed = true; }); // awaited below, where the failure counts
      inFlight.push(answer);
      if (i < count - 1) await this.sleep(PIPELINED_GAP_MS);
    }
    samples.push(...await Promise.all(inFlight));
    this.probesAnswered += samples.length;
    this.filter.observeRtts(samples);
    this.noteFastPair(samples);
    const kept = this.symmetricJitter ? samples : fastestOf(samples, Math.ceil(count * KEPT_SHARE));
    this.lastRtt = Math.min(...kept.map((s) => s.rtt));
    for (const s of kept) this.filter.add(s);
  }

  /** Whether the path's jitter has shown itself symmetric (SYMMETRIC_RATIO). */
  get symmetricJitter() {
    return this.fastPairRatio > SYMMETRIC_RATIO;
  }

  /** @param {ReturnType<typeof probeSample>[]} samples one burst's */
  noteFastPair(samples) {
    // Only a wide-area path can be told: on a LAN the offsets differ by timer steps alone.
    if (samples.length < SPREAD_PROBES || !(this.filter.rttFloor.minMs >= NOISY_FLOOR_MS)) return;
    const offsets = samples.map((s) => s.offset);
    const mean = offsets.reduce((a, b) => a + b, 0) / offsets.length;
    const spread = Math.sqrt(offsets.reduce((a, o) => a + (o - mean) ** 2, 0) / (offsets.length - 1));
    if (!(spread > 0)) return;
    const [a, b] = [...samples].sort((x, y) => x.rtt - y.rtt);
    const ratio = Math.abs(a.offset - b.offset) / spread;
    this.fastPairRatio += RATIO_WEIGHT * (ratio - this.fastPairRatio);
  }

  get synced() {
    return this.filter.ready;
  }

  get driftPpm() {
    return this.filter.driftPpm;
  }

  /** One standard deviation of the offset estimate now (ms), asymmetry aside; Infinity unsynced. */
  get uncertaintyMs() {
    return this.filter.uncertaintyAt(this.now());
  }

  /**
   * The most the estimate can be off on a path slower one way than the other (ms): half the
   * fastest round trip. A path whose way to the server is A ms slower than the way back makes
   * the estimate read A/2 high, and no two-way probe can tell.
   */
  get asymmetryBoundMs() {
    return this.filter.asymmetryBoundMs;
  }

  /** Server time now, in server milliseconds. */
  serverNow() {
    return this.toServer(this.now());
  }

  /**
   * The local (performance.now) time at which the server clock reads `serverMs`.
   * @param {number} serverMs
   */
  toLocal(serverMs) {
    return this.filter.localAt(serverMs);
  }

  /**
   * Server time at local (performance.now) time `localMs`.
   * @param {number} localMs
   */
  toServer(localMs) {
    return localMs + this.filter.offsetAt(localMs);
  }
}
