// Keeps every downstream data channel filled from the current play position to a few seconds
// ahead of it, from a chunk source, with back-pressure from the channel's bufferedAmount so
// no peer is flooded; sends the sync pulse to each once a second. The host streams its signed
// track this way, and every relay streams what it has cached from upstream.

import { chunkIndexAt } from './timeline.js';

/**
 * How far ahead of the position each peer is kept filled: room for a change of parent (about a
 * second to notice, under one to link) plus the delay of every hop above a deep listener.
 */
export const AHEAD_SEC = 4;
/**
 * Every sink (re)starts this many chunks before the one under the position: a decoder starting
 * mid-stream decodes the chunk before first, as pre-roll (codecs/opus.js; docs/protocol.md).
 */
export const LEAD_IN_CHUNKS = 1;
const MAX_BUFFERED_BYTES = 256 * 1024;
const PULSE_MS = 1000;
const PUMP_MS = 50;

/**
 * @typedef {{send: (data: ArrayBuffer | string) => void, bufferedAmount: number}} Sink
 * @typedef {import('./chunk-source.js').ChunkSource} ChunkSource
 */

export class Streamer {
  /**
   * `positionNow()` returns the track position in seconds the room is at right now;
   * `pulse()` returns the sync pulse as it goes on the wire (or null) sent to every sink each
   * `pulseMs`, so a listener cut off from the server still follows play, pause and seek.
   * @param {{positionNow: () => number, pulse?: () => ArrayBuffer | string | null,
   *   problems?: {report: (kind: string, cause: unknown) => void}, pumpMs?: number, pulseMs?: number,
   *   now?: () => number, aheadSec?: number}} options
   */
  constructor({
    positionNow, pulse = () => null, problems = { report() {} }, pumpMs = PUMP_MS, pulseMs = PULSE_MS,
    now = () => Date.now(), aheadSec = AHEAD_SEC,
  }) {
    this.positionNow = positionNow;
    this.aheadSec = aheadSec;
    this.pulse = pulse;
    this.problems = problems;
    this.pulseMs = pulseMs;
    this.now = now;
    this.lastPulse = 0;
    /** @type {ChunkSource | null} */
    this.source = null;
    /** @type {import('../protocol.js').TrackInfo | null} */
    this.track = null;
    /** @type {Map<string, {sink: Sink, next: number | null, pulses: boolean, bufferedAtMost: number}>} */
    this.sinks = new Map();
    /** Bytes handed to sinks that get pulses (the peers fed; not this page's own player). */
    this.bytesSent = 0;
    /** Chunks sent again on repair requests (resend). */
    this.resent = 0;
    this.timer = pumpMs > 0 ? setInterval(() => this.pump(), pumpMs) : null;
  }

  /**
   * Streams `source`, the chunks of `track`, from now on; every sink starts again at the
   * current position.
   * @param {ChunkSource} source
   * @param {import('../protocol.js').TrackInfo} track
   */
  setSource(source, track) {
    this.source = source;
    this.track = track;
    this.restart();
  }

  /**
   * `sink` has send(ArrayBuffer | string) and a bufferedAmount; a data channel is one.
   * Sinks added with `pulses: false` get audio only.
   * @param {string} id
   * @param {Sink} sink
   */
  addSink(id, sink, { pulses = true } = {}) {
    this.sinks.set(id, { sink, next: null, pulses, bufferedAtMost: Infinity });
    this.sendPulse(id, this.sinks.get(id));
    this.pump();
  }

  /** @param {string} id */
  removeSink(id) {
    this.sinks.delete(id);
  }

  /** Number of sinks that get pulses: the downstream peers, not the page's own player. */
  get downstreamCount() {
    let n = 0;
    for (const s of this.sinks.values()) if (s.pulses) n++;
    return n;
  }

  /** Sends the sync pulse to every sink now (after a command) rather than at the next second. */
  pulseAll() {
    for (const [id, state] of this.sinks) this.sendPulse(id, state);
    this.lastPulse = this.now();
  }

  sendPulse(id, state) {
    const pulse = this.pulse();
    if (!pulse || !state.pulses) return;
    this.trySend(id, state.sink, pulse);
  }

  /** After a seek every sink starts again from the new position. */
  restart() {
    for (const state of this.sinks.values()) state.next = null;
    this.pump();
  }

  pump() {
    if (this.now() - this.lastPulse >= this.pulseMs) this.pulseAll();
    const source = this.source;
    if (!source) return;
    const pos = Math.max(0, this.positionNow());
    const from = chunkIndexAt(this.track, pos);
    const first = Math.max(0, from - LEAD_IN_CHUNKS);
    const to = Math.min(source.total - 1, chunkIndexAt(this.track, pos + this.aheadSec));
    source.prepare?.(first, to);
    for (const [id, state] of this.sinks) {
      if (state.next === null || state.next < first) state.next = first;
      while (state.next <= to) {
        // The chunk is looked up before the channel's room (see hasRoom): most pumps have nothing to send.
        const chunk = source.chunk(state.next);
        if (chunk === null || !this.hasRoom(state) || !this.trySend(id, state.sink, chunk)) break; // not here yet, full, or closing
        state.bufferedAtMost += chunk.byteLength;
        if (state.pulses) this.bytesSent += chunk.byteLength;
        state.next++;
      }
    }
    source.forgetBefore(first);
  }

  /**
   * Sends chunks `indexes` of track `trackSeq` to sink `id` again (its repair request), those the
   * source still has and the channel has room for; returns how many went.
   * @param {string} id @param {number} trackSeq @param {number[]} indexes
   */
  resend(id, trackSeq, indexes) {
    const state = this.sinks.get(id);
    if (!state || !this.source || this.track?.trackSeq !== trackSeq) return 0;
    let sent = 0;
    for (const index of indexes) {
      const chunk = index < this.source.total ? this.source.chunk(index) : null;
      if (chunk === null || !this.hasRoom(state) || !this.trySend(id, state.sink, chunk)) continue;
      state.bufferedAtMost += chunk.byteLength;
      if (state.pulses) this.bytesSent += chunk.byteLength;
      this.resent++;
      sent++;
    }
    return sent;
  }

  /**
   * True while the sink's channel holds less than MAX_BUFFERED_BYTES. Reading bufferedAmount is a
   * call into the WebRTC stack (in Node's wrtc a blocking hop to its signalling thread: a tenth
   * of a relay process's time when read before every send), so it is read only once the bytes
   * sent since the last reading could have filled half the room: the channel only drains in
   * between, so the real amount is never above `bufferedAtMost`.
   * @param {{sink: Sink, bufferedAtMost: number}} state
   */
  hasRoom(state) {
    if (state.bufferedAtMost < MAX_BUFFERED_BYTES / 2) return true;
    state.bufferedAtMost = state.sink.bufferedAmount;
    return state.bufferedAtMost < MAX_BUFFERED_BYTES;
  }

  /** A send fails while a channel closes; the peer links remove the sink right after. */
  trySend(id, sink, data) {
    try {
      sink.send(data);
      return true;
    } catch (e) {
      this.problems.report('send-to-peer-failed', new Error(`to ${id}: ${e?.message ?? e}`));
      return false;
    }
  }

  stop() {
    clearInterval(this.timer);
  }
}
