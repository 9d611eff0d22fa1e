// This page's estimate of the server's clock (the server's ServerClock is the authority;
// this is only what the page infers of it): bursts of time probes over the signalling
// socket, the best probe of each burst fed to the offset-and-drift fit.

import { DriftFit } from './drift-fit.js';
import { bestOf, probeSample } from './probe.js';

const FIRST_BURST_ATTEMPTS = 20; // per start(); a new connection starts again
const FIRST_BURST_RETRY_MS = 500;
/**
 * Resync bursts come every `resyncMs` (2 s) until this many are in, enough for the drift fit to
 * settle, then every `steadyResyncMs`. Four probes every 2 s from every page was a quarter of
 * the server's work and a fifth of each listener's in a 500-listener room.
 */
const CONVERGING_BURSTS = 10;
const STEADY_RESYNC_MS = 8000;

/** @typedef {import('./probe.js').ProbeTimes} ProbeTimes */

export class ServerClockEstimate {
  /**
   * `probe()` must resolve to {t0, t1, t2, t3}; the signalling module takes t0 and t3 as close
   * to the socket as the browser allows. `isRetryable(error)` tells a failed probe worth
   * retrying (no connection yet, a drop, a timeout) from a bug.
   * @param {() => Promise<ProbeTimes>} probe
   * `onError(error, phase)` hears every failed burst: phase 'first' (retried or not) or 'resync'.
   * @param {{now?: () => number, burstSize?: number, resyncMs?: number, steadyResyncMs?: number,
   *   isRetryable?: (e: unknown) => boolean, onError?: (e: unknown, phase: string) => void}} [options]
   */
  constructor(probe, {
    now = () => performance.now(), burstSize = 8, resyncMs = 2000, steadyResyncMs = STEADY_RESYNC_MS,
    isRetryable = () => false, onError = (e, phase) => console.warn(`[sync-room] clock ${phase} burst failed:`, e),
  } = {}) {
    this.probe = probe;
    this.now = now;
    this.burstSize = burstSize;
    this.resyncMs = resyncMs;
    this.steadyResyncMs = steadyResyncMs;
    /** resync bursts sent since the last start() */
    this.resyncs = 0;
    this.isRetryable = isRetryable;
    this.onError = onError;
    this.fit = new DriftFit();
    this.lastRtt = NaN;
    this.timer = null;
    this.starting = null;
  }

  /**
   * First burst (retried a bounded number of times while the failure is worth retrying),
   * then a short burst every `resyncMs` (every `steadyResyncMs` once the fit has settled).
   * Resolves when the first burst is in; rejects when it gives up. Calling it again while it
   * runs, or after it succeeded, is harmless.
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
        // The first burst gates the first sound, so its probes go out nearly back to back.
        await this.burst(this.burstSize, 3);
        break;
      } catch (e) {
        this.onError(e, 'first');
        if (!this.isRetryable(e) || attempt >= FIRST_BURST_ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, FIRST_BURST_RETRY_MS));
      }
    }
    if (this.timer === null) {
      this.resyncs = 0;
      this.scheduleResync();
    }
  }

  scheduleResync() {
    const waitMs = this.resyncs < CONVERGING_BURSTS ? this.resyncMs : this.steadyResyncMs;
    this.timer = setTimeout(() => {
      this.resyncs++;
      this.burst(4).catch((e) => this.onError(e, 'resync')).finally(() => {
        if (this.timer !== null) this.scheduleResync();
      });
    }, waitMs);
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  /** Sends `count` probes `gapMs` apart and keeps the best. */
  async burst(count, gapMs = 15) {
    const samples = [];
    for (let i = 0; i < count; i++) {
      samples.push(probeSample(await this.probe()));
      if (i < count - 1) await new Promise((r) => setTimeout(r, gapMs));
    }
    const best = bestOf(samples);
    this.lastRtt = best.rtt;
    this.fit.add(best);
  }

  get synced() {
    return this.fit.ready;
  }

  get driftPpm() {
    return this.fit.driftPpm;
  }

  /** Server time now, in server milliseconds. */
  serverNow() {
    const local = this.now();
    return local + this.fit.offsetAt(local);
  }

  /**
   * The local (performance.now) time at which the server clock reads `serverMs`.
   * @param {number} serverMs
   */
  toLocal(serverMs) {
    let local = serverMs - this.fit.offsetAt(this.now());
    local = serverMs - this.fit.offsetAt(local);
    return local;
  }

  /**
   * Server time at local (performance.now) time `localMs`.
   * @param {number} localMs
   */
  toServer(localMs) {
    return localMs + this.fit.offsetAt(localMs);
  }
}
