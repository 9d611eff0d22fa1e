// Sample-scheduled playback. Every chunk is started with AudioBufferSourceNode.start(when)
// at the AudioContext time that corresponds to the server time at which its first sample
// must be heard: server time -> local clock (clock/server-clock-estimate.js) -> context time
// through the output timestamps (clock/output-clock.js), which account for the output latency
// of the device. Track and playback state are the room session's; the player keeps only the
// decoded chunks and what it has handed to the audio thread.

import { OutputClock } from '../clock/output-clock.js';
import { chunkIndexAt, chunkSecOf, chunkStartSec } from '../media/timeline.js';
import { OutputSettings, OutputSettingsEvent } from '../room/output-settings.js';
import { positionAt, serverTimeOf } from '../room/playback.js';
import { SessionEvent } from '../room/session.js';

const LOOKAHEAD_SEC = 0.5; // how far ahead chunks are handed to the audio thread
const SAFETY_SEC = 0.01; // never schedule closer to "now" than this
const SNAP_SEC = 0.0015; // consecutive chunks within this of each other are butted together
const RESYNC_SEC = 0.002; // queued chunks further than this from where they belong are re-queued
const KEEP_BEHIND_SEC = 5; // decoded chunks older than this are dropped
const LEVEL_GLIDE_SEC = 0.01; // a volume change glides with this time constant (no click)

export const PlayerEvent = Object.freeze({
  /** {index, when} the first chunk this page ever handed to the audio thread */
  FIRST_SCHEDULED: 'player-first-scheduled',
  /**
   * {trackSeq, serverAt} the first chunk handed to the audio thread since the track began or
   * the room resumed: it sounds at server time `serverAt`
   */
  HEARING: 'player-hearing',
});

/** @typedef {import('../codecs/codecs.js').DecodedChunk} DecodedChunk */

export class Player extends EventTarget {
  // Output latency does not matter for alignment (chunks are scheduled ahead against the
  // output timestamp), so the context is opened for playback: larger buffers, fewer wake-ups.
  // `tickMs` 0 leaves ticking to the caller (tests). `settings` (room/output-settings.js): the
  // volume sets the output gain only; the manual offset moves every scheduled time.
  /**
   * @param {import('../room/session.js').RoomSession} session
   * @param {{context?: AudioContext, tickMs?: number, settings?: OutputSettings}} [options]
   */
  constructor(session, { context = new AudioContext({ latencyHint: 'playback' }), tickMs = 25, settings = new OutputSettings() } = {}) {
    super();
    this.session = session;
    this.clock = session.clock;
    this.context = context;
    this.settings = settings;
    this.outputClock = new OutputClock(context);
    this.output = context.createGain();
    this.output.gain.value = settings.gain;
    this.output.connect(context.destination);
    settings.addEventListener(OutputSettingsEvent.LEVEL, () => {
      this.output.gain.setTargetAtTime(settings.gain, context.currentTime, LEVEL_GLIDE_SEC);
    });
    settings.addEventListener(OutputSettingsEvent.OFFSET, () => this.onOffset());
    /** @type {Map<number, AudioBuffer>} */
    this.chunks = new Map();
    this.scheduled = new Map();
    this.heard = false;
    /** has this stretch of playing (a track, or a resume) been heard yet? */
    this.heardStretch = false;
    this.slip = null; // a slip seen on the last tick, waiting to be confirmed
    this.requeued = 0;
    this.timer = tickMs > 0 ? setInterval(() => this.tick(), tickMs) : null;
    // The offset remembered for the output device in use; another device brings its own.
    settings.useDevice(sinkIdOf(context));
    context.addEventListener?.('sinkchange', () => settings.useDevice(sinkIdOf(context)));
    session.addEventListener(SessionEvent.TRACK, () => this.onTrack());
    session.addEventListener(SessionEvent.PLAYBACK, (e) => {
      const { previous, playback } = /** @type {CustomEvent} */ (e).detail;
      this.onPlayback(previous, playback);
    });
  }

  get track() {
    return this.session.track;
  }

  get playback() {
    return this.session.playback;
  }

  /** A new track: nothing of the old one is kept or left playing. */
  onTrack() {
    this.heardStretch = false;
    this.stopScheduled(this.context.currentTime);
    this.chunks.clear();
  }

  /**
   * The room's playback state changed from `previous` (null at first) to `playback`.
   * @param {import('../protocol.js').PlaybackState | null} previous
   * @param {import('../protocol.js').PlaybackState} playback
   */
  onPlayback(previous, playback) {
    if (!this.canPlay(previous)) this.heardStretch = false; // a resume (or the first play) is heard anew
    // A change takes effect at `playback.at`, which may lie beyond the lookahead: the old
    // timeline is queued right up to that moment so there is no silence before it.
    if (this.canPlay(previous) && this.clock.synced) {
      this.queueUntil(previous, positionAt(previous, this.clock.serverNow()), positionAt(previous, playback.at));
    }
    if (previous && this.clock.synced) {
      this.stopScheduled(Math.max(this.context.currentTime, this.contextTimeOf(playback.at)));
    } else {
      this.stopScheduled(this.context.currentTime);
    }
    this.tick();
  }

  /**
   * A decoded chunk (codecs/). Chunks of another track are ignored.
   * @param {DecodedChunk} chunk
   */
  addChunk({ trackSeq, index, channels, frames, planes }) {
    if (!this.track || trackSeq !== this.track.trackSeq || frames === 0) return;
    const buffer = this.context.createBuffer(channels, frames, this.track.sampleRate);
    planes.forEach((plane, c) => buffer.copyToChannel(plane, c));
    this.chunks.set(index, buffer);
    if (!this.scheduled.has(index)) this.tick();
  }

  /**
   * The manual output offset changed: everything queued is cut at the same moment and queued
   * again from there at the new times, so the change applies exactly (a chunk snapped to one
   * queued under the old offset would carry the old timing on).
   */
  onOffset() {
    this.stopScheduled(this.context.currentTime + SAFETY_SEC);
    this.tick();
  }

  /**
   * The context time at which the server clock reads `serverMs`, as heard at the output: the
   * output timestamps' mapping, less this device's manual offset.
   * @param {number} serverMs
   */
  contextTimeOf(serverMs) {
    return this.outputClock.contextTimeAt(this.clock.toLocal(serverMs)) - this.settings.offsetSec;
  }

  /**
   * How long (ms) until chunk `index` of the current track has played out at the output (below
   * zero once it has), or null while nothing is being played (paused, clock not synced, output
   * not running yet).
   * @param {number} index
   */
  msUntilChunkEnds(index) {
    const p = this.playback;
    if (!this.canPlay(p) || !this.clock.synced || this.context.state !== 'running') return null;
    return (this.contextTimeOf(serverTimeOf(p, chunkStartSec(this.track, index + 1))) - this.context.currentTime) * 1000;
  }

  canPlay(p) {
    return p && p.playing && this.track && p.trackSeq === this.track.trackSeq;
  }

  tick() {
    this.outputClock.sample();
    if (!this.canPlay(this.playback) || !this.clock.synced || this.context.state !== 'running') return;
    this.requeueIfSlipped();
    const posNow = this.session.positionNow();
    this.queueUntil(this.playback, posNow, posNow + LOOKAHEAD_SEC);
    this.dropOld(posNow);
  }

  /**
   * Hands every held chunk of timeline `p` from track position `posNow` up to `untilPos` to
   * the audio thread.
   */
  queueUntil(p, posNow, untilPos) {
    const first = Math.max(0, chunkIndexAt(this.track, Math.max(posNow, p.position)));
    const last = chunkIndexAt(this.track, untilPos);
    for (let index = first; index <= last; index++) {
      if (!this.scheduled.has(index) && this.chunks.has(index)) this.schedule(p, index, this.chunks.get(index));
    }
  }

  /** Starts chunk `index` of timeline `p` where that timeline puts it on the output. */
  schedule(p, index, buffer) {
    const chunkStart = chunkStartSec(this.track, index);
    const segmentStart = Math.max(chunkStart, p.position);
    let when = this.contextTimeOf(serverTimeOf(p, segmentStart));
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
    const serverAt = serverTimeOf(p, chunkStart + offset);
    this.scheduled.set(index, { node, when, serverAt, end: when + buffer.duration - offset });
    if (!this.heard) {
      this.heard = true;
      this.dispatchEvent(new CustomEvent(PlayerEvent.FIRST_SCHEDULED, { detail: { index, when, offsetSec: offset, aheadSec: when - this.context.currentTime } }));
    }
    if (!this.heardStretch) {
      this.heardStretch = true;
      this.dispatchEvent(new CustomEvent(PlayerEvent.HEARING, { detail: { trackSeq: p.trackSeq, serverAt } }));
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
      } catch (e) {
        // stop() on a node already stopped throws InvalidStateError (Web Audio API,
        // AudioScheduledSourceNode.stop): it is silent already, which is what was asked.
        if (!(e instanceof Error && e.name === 'InvalidStateError')) throw e;
      }
    }
    this.scheduled.clear();
  }

  dropOld(posNow) {
    const keepFrom = chunkIndexAt(this.track, posNow - KEEP_BEHIND_SEC);
    for (const index of this.chunks.keys()) if (index < keepFrom) this.chunks.delete(index);
    for (const index of this.scheduled.keys()) if (index < keepFrom) this.scheduled.delete(index);
  }

  /** Chunks held ahead of the current position, in seconds. */
  bufferedAheadSec() {
    const pos = this.session.positionNow();
    if (pos === null) return 0;
    let index = Math.max(0, chunkIndexAt(this.track, pos));
    let count = 0;
    while (this.chunks.has(index)) {
      index++;
      count++;
    }
    return count * chunkSecOf(this.track);
  }

  async resume() {
    if (this.context.state !== 'running') await this.context.resume();
  }
}

/**
 * The output device's id (AudioContext.sinkId: a string, '' for the default, or an
 * AudioSinkInfo for no device; https://webaudio.github.io/web-audio-api/#dom-audiocontext-sinkid).
 * @param {any} context
 */
function sinkIdOf(context) {
  return typeof context.sinkId === 'string' ? context.sinkId : '';
}
