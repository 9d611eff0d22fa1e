// Sample-scheduled playback. Every chunk is started with AudioBufferSourceNode.start(when)
// at the AudioContext time that corresponds to the server time at which its first sample
// must be heard: server time -> local clock (clock.js) -> context time through the output
// timestamps (output-clock.js), which account for the output latency of the device.

import { OutputClock } from './output-clock.js';
import { isNewer, positionAt } from './playback.js';

const LOOKAHEAD_SEC = 0.5; // how far ahead chunks are handed to the audio thread
const SAFETY_SEC = 0.01; // never schedule closer to "now" than this
const SNAP_SEC = 0.0015; // consecutive chunks within this of each other are butted together
const RESYNC_SEC = 0.002; // queued chunks further than this from where they belong are re-queued
const KEEP_BEHIND_SEC = 5; // decoded chunks older than this are dropped

export class Player extends EventTarget {
  // Output latency does not matter for alignment (chunks are scheduled ahead against the
  // output timestamp), so the context is opened for playback: larger buffers, fewer wake-ups.
  // `tickMs` 0 leaves ticking to the caller (tests).
  constructor(clock, { context = new AudioContext({ latencyHint: 'playback' }), tickMs = 25 } = {}) {
    super();
    this.clock = clock;
    this.context = context;
    this.outputClock = new OutputClock(context);
    this.output = context.createGain();
    this.output.connect(context.destination);
    this.track = null;
    this.playback = null;
    this.chunks = new Map();
    this.scheduled = new Map();
    this.heard = false;
    this.slip = null; // a slip seen on the last tick, waiting to be confirmed
    this.requeued = 0;
    this.timer = tickMs > 0 ? setInterval(() => this.tick(), tickMs) : null;
  }

  setTrack(track) {
    if (this.track && this.track.trackSeq === track.trackSeq) return;
    this.stopScheduled(this.context.currentTime);
    this.chunks.clear();
    this.track = track;
    this.chunkSec = track.chunkFrames / track.sampleRate;
  }

  setPlayback(playback) {
    const previous = this.playback;
    if (!isNewer(previous, playback)) return;
    // A change takes effect at `playback.at`, which may lie beyond the lookahead: the old
    // timeline is queued right up to that moment so there is no silence before it.
    if (this.canPlay(previous) && this.clock.synced) {
      this.queueUntil(this.positionNow(), positionAt(previous, playback.at));
    }
    this.playback = playback;
    if (previous && this.clock.synced) {
      this.stopScheduled(Math.max(this.context.currentTime, this.contextTimeOf(playback.at)));
    } else {
      this.stopScheduled(this.context.currentTime);
    }
    this.tick();
  }

  /** A decoded chunk (see chunks.js). Chunks of another track are ignored. */
  addChunk({ trackSeq, index, channels, frames, planes }) {
    if (!this.track || trackSeq !== this.track.trackSeq || frames === 0) return;
    const buffer = this.context.createBuffer(channels, frames, this.track.sampleRate);
    planes.forEach((plane, c) => buffer.copyToChannel(plane, c));
    this.chunks.set(index, buffer);
    if (!this.scheduled.has(index)) this.tick();
  }

  /** Track position (seconds) at server time `serverMs`, or null when nothing is playing. */
  positionAt(serverMs) {
    const p = this.playback;
    if (!p || !this.track || p.trackSeq !== this.track.trackSeq) return null;
    return positionAt(p, serverMs);
  }

  /** Track position (seconds) right now, or null before the clock is synced or a track plays. */
  positionNow() {
    return this.clock.synced ? this.positionAt(this.clock.serverNow()) : null;
  }

  /** The context time at which the server clock reads `serverMs`, as heard at the output. */
  contextTimeOf(serverMs) {
    return this.outputClock.contextTimeAt(this.clock.toLocal(serverMs));
  }

  canPlay(p) {
    return p && p.playing && this.track && p.trackSeq === this.track.trackSeq;
  }

  tick() {
    this.outputClock.sample();
    if (!this.canPlay(this.playback) || !this.clock.synced || this.context.state !== 'running') return;
    this.requeueIfSlipped();
    const posNow = this.positionNow();
    this.queueUntil(posNow, posNow + LOOKAHEAD_SEC);
    this.dropOld(posNow);
  }

  /** Hands every held chunk from track position `posNow` up to `untilPos` to the audio thread. */
  queueUntil(posNow, untilPos) {
    const p = this.playback;
    const first = Math.max(0, Math.floor(Math.max(posNow, p.position) / this.chunkSec));
    const last = Math.floor(untilPos / this.chunkSec);
    for (let index = first; index <= last; index++) {
      if (!this.scheduled.has(index) && this.chunks.has(index)) this.schedule(index, this.chunks.get(index));
    }
  }

  schedule(index, buffer) {
    const p = this.playback;
    const chunkStart = index * this.chunkSec;
    const segmentStart = Math.max(chunkStart, p.position);
    let when = this.contextTimeOf(p.at + (segmentStart - p.position) * 1000);
    let offset = segmentStart - chunkStart;
    const previous = this.scheduled.get(index - 1);
    if (previous && offset === 0 && Math.abs(previous.end - when) < SNAP_SEC) when = previous.end;
    const earliest = this.context.currentTime + SAFETY_SEC;
    if (when < earliest) {
      offset += earliest - when;
      when = earliest;
    }
    if (offset >= buffer.duration) {
      this.scheduled.set(index, { node: null, end: when });
      return;
    }
    const node = this.context.createBufferSource();
    node.buffer = buffer;
    node.connect(this.output);
    node.start(when, offset);
    const serverAt = p.at + (chunkStart + offset - p.position) * 1000;
    this.scheduled.set(index, { node, when, serverAt, end: when + buffer.duration - offset });
    if (!this.heard) {
      this.heard = true;
      this.dispatchEvent(new CustomEvent('first-chunk', { detail: { index, when } }));
    }
  }

  /**
   * An output glitch (the audio thread missed a deadline) or a corrected clock estimate
   * moves the context time that belongs to a server time. Chunks already queued would then
   * sound late or early until the queue drains, so the ones not yet started are re-queued.
   */
  requeueIfSlipped() {
    const horizon = this.context.currentTime + SAFETY_SEC;
    const pending = [...this.scheduled].filter(([, s]) => s.node && s.when > horizon);
    if (pending.length === 0) return;
    const [, first] = pending.reduce((a, b) => (b[1].when < a[1].when ? b : a));
    const slip = this.contextTimeOf(first.serverAt) - first.when;
    if (Math.abs(slip) <= RESYNC_SEC) {
      this.slip = null;
      return;
    }
    // One reading can be a transient (a late render callback, caught up right after); acting
    // on it would push chunks away and back again. Only a slip seen on two ticks is real.
    if (this.slip == null || Math.abs(this.slip - slip) > RESYNC_SEC) {
      this.slip = slip;
      return;
    }
    this.slip = null;
    for (const [index, s] of pending) {
      s.node.stop();
      this.scheduled.delete(index);
    }
    this.requeued++;
  }

  stopScheduled(at) {
    for (const { node } of this.scheduled.values()) {
      if (!node) continue;
      try {
        node.stop(at);
      } catch {
        // already stopped
      }
    }
    this.scheduled.clear();
  }

  dropOld(posNow) {
    const keepFrom = Math.floor((posNow - KEEP_BEHIND_SEC) / this.chunkSec);
    for (const index of this.chunks.keys()) if (index < keepFrom) this.chunks.delete(index);
    for (const index of this.scheduled.keys()) if (index < keepFrom) this.scheduled.delete(index);
  }

  /** Chunks held ahead of the current position, in seconds. */
  bufferedAheadSec() {
    const pos = this.positionNow();
    if (pos === null) return 0;
    let index = Math.max(0, Math.floor(pos / this.chunkSec));
    let count = 0;
    while (this.chunks.has(index)) {
      index++;
      count++;
    }
    return count * this.chunkSec;
  }

  async resume() {
    if (this.context.state !== 'running') await this.context.resume();
  }
}
