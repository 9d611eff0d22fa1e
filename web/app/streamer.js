// Host side: cuts the decoded track into fixed-duration chunks and keeps every listener's
// data channel filled from the current play position to a few seconds ahead of it, with
// back-pressure from the channel's bufferedAmount so no listener is flooded.

import { chunkCount, encodeChunk } from './chunks.js';

const AHEAD_SEC = 3;
const MAX_BUFFERED_BYTES = 256 * 1024;
const PULSE_MS = 1000;

export class Streamer {
  /**
   * `positionNow()` returns the track position in seconds the room is at right now;
   * `pulse()` returns the sync pulse (a JSON-able object) sent to every listener each second,
   * so a listener cut off from the server still follows play, pause and seek.
   */
  constructor(positionNow, pulse = () => null) {
    this.positionNow = positionNow;
    this.pulse = pulse;
    this.lastPulse = 0;
    this.audio = null;
    this.track = null;
    this.encoded = new Map();
    this.sinks = new Map();
    this.timer = setInterval(() => this.pump(), 50);
  }

  setSource(audio, track) {
    this.audio = audio;
    this.track = track;
    this.encoded.clear();
    this.chunkSec = track.chunkFrames / track.sampleRate;
    this.total = chunkCount(audio.length, track.chunkFrames);
    this.restart();
  }

  /**
   * `sink` has send(ArrayBuffer | string) and a bufferedAmount; a data channel is one.
   * Sinks added with `pulses: false` get audio only.
   */
  addSink(id, sink, { pulses = true } = {}) {
    this.sinks.set(id, { sink, next: null, pulses });
    this.sendPulse(this.sinks.get(id));
    this.pump();
  }

  /** Sends the sync pulse to every sink now (after a command) rather than at the next second. */
  pulseAll() {
    for (const state of this.sinks.values()) this.sendPulse(state);
    this.lastPulse = Date.now();
  }

  sendPulse(state) {
    const pulse = this.pulse();
    if (!pulse || !state.pulses) return;
    try {
      state.sink.send(JSON.stringify(pulse));
    } catch {
      // channel closing
    }
  }

  removeSink(id) {
    this.sinks.delete(id);
  }

  /** After a seek every sink starts again from the new position. */
  restart() {
    for (const state of this.sinks.values()) state.next = null;
    this.pump();
  }

  pump() {
    if (Date.now() - this.lastPulse >= PULSE_MS) this.pulseAll();
    if (!this.audio) return;
    const pos = Math.max(0, this.positionNow());
    const from = Math.floor(pos / this.chunkSec);
    const to = Math.min(this.total - 1, Math.floor((pos + AHEAD_SEC) / this.chunkSec));
    for (const state of this.sinks.values()) {
      if (state.next === null || state.next < from) state.next = from;
      while (state.next <= to && state.sink.bufferedAmount < MAX_BUFFERED_BYTES) {
        try {
          state.sink.send(this.chunk(state.next));
        } catch {
          break; // channel closing; the mesh removes it
        }
        state.next++;
      }
    }
    this.forgetBefore(from - 1);
  }

  chunk(index) {
    let bytes = this.encoded.get(index);
    if (!bytes) {
      bytes = encodeChunk(this.audio, this.track.trackSeq, index, this.track.chunkFrames);
      this.encoded.set(index, bytes);
    }
    return bytes;
  }

  forgetBefore(index) {
    for (const key of this.encoded.keys()) if (key < index) this.encoded.delete(key);
  }
}
