// The opus codec: Opus (RFC 6716) through WebCodecs (W3C WebCodecs, "AudioEncoder",
// "AudioDecoder"; the Opus registration: https://www.w3.org/TR/webcodecs-opus-codec-registration/),
// 48 kHz, 10 ms packets, about 128 kbit/s stereo by default. Chunk format and timeline:
// codecs/opus-chunk.js; the pre-roll rule: docs/protocol.md, "Opus chunks".
//
// Host: one continuous encoder stream (a session) per stretch of the track, fed from the audio
// source piece by piece only as far as the streamer asks (about 4 s ahead), so the track is
// encoded once as it plays; a seek to where nothing is encoded starts a new session there.
// Listener: a decoder starting mid-stream needs pre-roll (RFC 7845 §4.6 asks 80 ms; measured
// here, 80 ms still leaves errors of 0.04 at the splice, a whole 250 ms chunk leaves 0.00003),
// so every chunk is decoded after the chunk before it, from a fresh decoder, and only its own
// frames are kept. The streamer sends one chunk before the position to every peer it starts
// (media/streamer.js), so the first chunk after a join or a seek has its pre-roll too. Chunks
// are placed by their index on our own sample timeline; WebCodecs timestamps are never read
// (the browsers disagree on them).

import { CodecName } from '../protocol.js';
import { CodecId } from './chunk-header.js';
import { ChunkStore } from './chunk-store.js';
import {
  LEAD_FRAMES, OPUS_SAMPLE_RATE, PACKET_FRAMES, chunkOffsetInRun, maxOpusChunkBytes, opusHead, packOpusChunk,
  parseOpusChunk, sessionPacketsOf,
} from './opus-chunk.js';

export const DEFAULT_OPUS_BITRATE = 128_000;
/** A chunk this far past what the running session has made is reached by a new session instead. */
const SESSION_REACH_CHUNKS = 8;
/** Encoders may hold a frame back: feed this many packets past the last one needed. */
const EXTRA_FEED_PACKETS = 2;
/** Input handed to the encoder at most this far ahead of what it has given back (packets). */
const MAX_QUEUED_PACKETS = 100;
/** A decoder that has not finished one chunk in this long is taken as failed. */
const DECODE_TIMEOUT_MS = 2000;
/** Chunks kept to serve as the next chunk's pre-roll. */
const KEEP_RECENT = 4;
/** What a decode is taken to cost before one was timed (ms); then the runs' moving average. */
const FIRST_RUN_GUESS_MS = 100;
/** Weight of the newest run in that average. */
const RUN_MS_WEIGHT = 0.3;

/** @param {number} channels @param {number} bitrate */
export function encoderConfig(channels, bitrate = DEFAULT_OPUS_BITRATE) {
  return {
    codec: 'opus', sampleRate: OPUS_SAMPLE_RATE, numberOfChannels: channels, bitrate,
    opus: { frameDuration: PACKET_FRAMES / OPUS_SAMPLE_RATE * 1e6 },
  };
}

/** @param {number} channels */
export function decoderConfig(channels) {
  return { codec: 'opus', sampleRate: OPUS_SAMPLE_RATE, numberOfChannels: channels, description: opusHead(channels) };
}

/** @param {number} channels @param {number} [bitrate] */
async function canEncode(channels, bitrate) {
  if (typeof AudioEncoder === 'undefined' || typeof AudioData === 'undefined' || channels > 2) return false;
  return Boolean((await AudioEncoder.isConfigSupported(encoderConfig(channels, bitrate))).supported);
}

/** @param {number} channels */
async function canDecode(channels) {
  if (typeof AudioDecoder === 'undefined' || channels > 2) return false;
  return Boolean((await AudioDecoder.isConfigSupported(decoderConfig(channels))).supported);
}

/** The host's Opus chunks: a ChunkStore filled by continuous encoder sessions. */
export class OpusTrackEncoder extends ChunkStore {
  /**
   * @param {{track: import('../protocol.js').TrackInfo, source: import('../media/audio-source.js').AudioSource,
   *   bitrate?: number, onReady: () => void, onError: (e: unknown) => void}} options
   */
  constructor({ track, source, bitrate = DEFAULT_OPUS_BITRATE, onReady, onError }) {
    super({ track, source, onReady, onError });
    if (source.sampleRate !== OPUS_SAMPLE_RATE) throw new Error(`Opus is fed at 48 kHz, not ${source.sampleRate} Hz`);
    if (track.chunkFrames % PACKET_FRAMES !== 0) throw new Error(`chunks of ${track.chunkFrames} frames are not whole 10 ms packets`);
    this.channels = track.channels;
    this.config = encoderConfig(track.channels, bitrate);
    /** @type {EncoderSession | null} */
    this.session = null;
  }

  /** @param {number} from @param {number} to */
  prepare(from, to) {
    from = Math.max(0, from);
    this.keepFrom = Math.min(this.keepFrom, from);
    to = Math.min(to, this.total - 1);
    let first = from;
    while (first <= to && this.encoded.has(first)) first++;
    if (first > to || this.closed) return;
    const s = this.session;
    if (!s || s.failed || first < s.nextChunk || first > s.nextChunk + SESSION_REACH_CHUNKS) {
      s?.close();
      this.session = new EncoderSession(this, first);
    }
    this.session.want(to);
  }

  close() {
    super.close();
    this.session?.close();
    this.session = null;
  }
}

/** One continuous encoder stream from chunk `firstChunk` on. */
class EncoderSession {
  /** @param {OpusTrackEncoder} store @param {number} firstChunk */
  constructor(store, firstChunk) {
    this.store = store;
    this.firstChunk = firstChunk;
    this.nextChunk = firstChunk;
    this.targetChunk = firstChunk;
    /** packets fed (in input frames / 480) and given back */
    this.fed = 0;
    this.emitted = 0;
    /** @type {Uint8Array[]} packets from number `base` on, not yet in a chunk */
    this.packets = [];
    this.base = 0;
    this.feeding = false;
    this.flushed = false;
    this.failed = false;
    this.encoder = new AudioEncoder({
      output: (chunk) => this.onPacket(chunk),
      error: (e) => this.fail(e),
    });
    this.encoder.configure(store.config);
  }

  /** @param {number} chunk the last chunk wanted */
  want(chunk) {
    this.targetChunk = Math.max(this.targetChunk, chunk);
    this.feed();
  }

  /** Packets of input needed for every chunk up to the target. */
  packetsNeeded() {
    const s = this.store;
    const { first, count } = sessionPacketsOf(this.targetChunk, this.firstChunk, s.chunkFrames, s.framesOf(this.targetChunk));
    return first + count;
  }

  async feed() {
    if (this.feeding) return;
    this.feeding = true;
    const s = this.store;
    const inputStart = this.firstChunk * s.chunkFrames - LEAD_FRAMES;
    try {
      while (!this.failed && !s.closed && this.fed < this.packetsNeeded() + EXTRA_FEED_PACKETS
        && this.fed - this.emitted < MAX_QUEUED_PACKETS) {
        const count = Math.min(s.chunkFrames / PACKET_FRAMES, this.packetsNeeded() + EXTRA_FEED_PACKETS - this.fed);
        const start = inputStart + this.fed * PACKET_FRAMES;
        const planes = await s.source.read(start, count * PACKET_FRAMES);
        if (this.failed || s.closed) break;
        const data = new Float32Array(count * PACKET_FRAMES * planes.length);
        planes.forEach((plane, c) => data.set(plane, c * count * PACKET_FRAMES));
        // Timestamps only satisfy the API: chunks are placed by their index, never by these.
        this.encoder.encode(new AudioData({
          format: 'f32-planar', sampleRate: OPUS_SAMPLE_RATE, numberOfChannels: planes.length,
          numberOfFrames: count * PACKET_FRAMES, timestamp: Math.round(this.fed * PACKET_FRAMES / OPUS_SAMPLE_RATE * 1e6), data,
        }));
        this.fed += count;
      }
      // The track's last packets may wait in the encoder for input that never comes.
      if (!this.failed && !this.flushed && this.targetChunk === s.total - 1 && this.fed >= this.packetsNeeded()) {
        this.flushed = true;
        await this.encoder.flush();
      }
    } catch (e) {
      this.fail(e);
    } finally {
      this.feeding = false;
    }
  }

  /** @param {EncodedAudioChunk} chunk */
  onPacket(chunk) {
    const bytes = new Uint8Array(chunk.byteLength);
    chunk.copyTo(bytes);
    this.packets.push(bytes);
    this.emitted++;
    const s = this.store;
    while (this.nextChunk < s.total) {
      const frames = s.framesOf(this.nextChunk);
      const { first, count, leading } = sessionPacketsOf(this.nextChunk, this.firstChunk, s.chunkFrames, frames);
      if (this.emitted < first + count) break;
      const packets = this.packets.slice(first - this.base, first - this.base + count);
      s.put(this.nextChunk, packOpusChunk({
        trackSeq: s.trackSeq, index: this.nextChunk, channels: s.channels, frames, leading, packets,
      }));
      this.packets.splice(0, first + count - this.base);
      this.base = first + count;
      this.nextChunk++;
    }
    if (!this.feeding) this.feed();
  }

  fail(e) {
    if (this.failed) return;
    this.failed = true;
    this.close();
    if (!this.store.closed) this.store.onError(e);
  }

  close() {
    if (this.encoder.state !== 'closed') this.encoder.close();
  }
}

/** A listener's Opus decoding: each chunk after the one before it, one chunk at a time. */
export class OpusChunkDecoder {
  /** @param {import('../protocol.js').TrackInfo} track */
  constructor(track) {
    this.track = track;
    this.config = decoderConfig(track.channels);
    /** @type {Map<number, import('./opus-chunk.js').OpusChunk>} */
    this.recent = new Map();
    /** @type {Promise<unknown>} */
    this.queue = Promise.resolve();
    /** @type {AudioDecoder | null} */
    this.decoder = null;
    /** @type {{planes: Float32Array[], frames: number}[]} */
    this.outputs = [];
    /** chunks decoded without the chunk before them (the first of a session, or after a gap) */
    this.coldStarts = 0;
    /** how long one decode takes here (ms): a moving average of the runs, null before the first */
    this.runMs = null;
  }

  /**
   * Decodes a chunk, after those handed on before it. `isLate` is asked when its turn comes,
   * with what a decode takes here (ms): when it says the chunk would be done too late to be
   * heard (a late joiner is sent seconds of audio at once, from the chunk under the position,
   * and a new page's first decodes are slow), it is not decoded (null) and only kept as the
   * next chunk's pre-roll, so the decoder catches up with the position instead of decoding
   * audio already past.
   * @param {ArrayBuffer} bytes
   * @param {{isLate?: (runMs: number) => boolean}} [options]
   * @returns {Promise<import('./codecs.js').DecodedChunk | null>}
   */
  async decode(bytes, { isLate = () => false } = {}) {
    const chunk = parseOpusChunk(bytes, this.track.chunkFrames);
    this.recent.set(chunk.index, chunk);
    for (const k of this.recent.keys()) if (k < chunk.index - KEEP_RECENT || k > chunk.index + KEEP_RECENT) this.recent.delete(k);
    // A chunk with a leading packet starts a session: the chunk before it is another stream.
    const previous = chunk.leading === 0 ? this.recent.get(chunk.index - 1) : undefined;
    if (chunk.leading === 0 && !previous) this.coldStarts++;
    const packets = previous ? [...previous.packets, ...chunk.packets] : chunk.packets;
    const result = this.queue.then(() => (isLate(this.runMs ?? FIRST_RUN_GUESS_MS) ? null : this.timedRun(packets, chunk)));
    this.queue = result.catch(() => {});
    return result;
  }

  /** `run`, timed into `runMs`. @param {Uint8Array[]} packets @param {import('./opus-chunk.js').OpusChunk} chunk */
  async timedRun(packets, chunk) {
    const started = performance.now();
    try {
      return await this.run(packets, chunk);
    } finally {
      const ms = performance.now() - started;
      this.runMs = this.runMs === null ? ms : this.runMs + RUN_MS_WEIGHT * (ms - this.runMs);
    }
  }

  /**
   * Decodes `packets` from a fresh decoder state; returns the last chunk's frames.
   * @param {Uint8Array[]} packets
   * @param {import('./opus-chunk.js').OpusChunk} chunk
   */
  async run(packets, chunk) {
    const decoder = this.ready();
    this.outputs = [];
    packets.forEach((data, i) => decoder.decode(new EncodedAudioChunk({
      type: 'key', timestamp: Math.round(i * PACKET_FRAMES / OPUS_SAMPLE_RATE * 1e6), data,
    })));
    await withTimeout(decoder.flush(), DECODE_TIMEOUT_MS, `chunk ${chunk.index}: decoder did not finish`).catch((e) => {
      this.discard();
      throw e;
    });
    const decodedFrames = this.outputs.reduce((sum, o) => sum + o.frames, 0);
    const offset = chunkOffsetInRun(decodedFrames, chunk.frames);
    if (offset < 0) throw new Error(`chunk ${chunk.index}: decoder gave ${decodedFrames} frames`);
    const planes = Array.from({ length: this.track.channels }, () => new Float32Array(chunk.frames));
    let at = 0;
    for (const o of this.outputs) {
      const from = Math.max(offset, at);
      const to = Math.min(offset + chunk.frames, at + o.frames);
      if (to > from) {
        planes.forEach((plane, c) => plane.set(o.planes[Math.min(c, o.planes.length - 1)].subarray(from - at, to - at), from - offset));
      }
      at += o.frames;
    }
    return { trackSeq: chunk.trackSeq, index: chunk.index, channels: this.track.channels, frames: chunk.frames, planes };
  }

  /** A decoder configured from scratch (a flush ends a stream in Chromium; reset makes every browser alike). */
  ready() {
    if (!this.decoder || this.decoder.state === 'closed') {
      this.decoder = new AudioDecoder({
        output: (audio) => this.onOutput(audio),
        error: () => {}, // the pending flush rejects with the same error, and the run reports it
      });
    } else {
      this.decoder.reset();
    }
    this.decoder.configure(this.config);
    return this.decoder;
  }

  /** @param {AudioData} audio */
  onOutput(audio) {
    const planes = [];
    for (let c = 0; c < audio.numberOfChannels; c++) {
      const plane = new Float32Array(audio.numberOfFrames);
      audio.copyTo(plane, { planeIndex: c, format: 'f32-planar' });
      planes.push(plane);
    }
    this.outputs.push({ planes, frames: audio.numberOfFrames });
    audio.close();
  }

  discard() {
    if (this.decoder && this.decoder.state !== 'closed') this.decoder.close();
    this.decoder = null;
  }

  close() {
    this.discard();
    this.recent.clear();
  }
}

/** @template T @param {Promise<T>} promise @param {number} ms @param {string} message @returns {Promise<T>} */
function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/** @type {import('./codecs.js').Codec} */
export const opus = Object.freeze({
  name: CodecName.OPUS,
  id: CodecId.OPUS,
  /** Opus runs at 48 kHz whatever the file's rate (RFC 7845 §5.1: output is always 48 kHz). */
  sampleRateFor: () => OPUS_SAMPLE_RATE,
  canEncode: ({ channels, bitrate }) => canEncode(channels, bitrate),
  canDecode: ({ channels }) => canDecode(channels),
  maxChunkBytes: maxOpusChunkBytes,
  createEncoder: (options) => new OpusTrackEncoder(options),
  createDecoder: (track) => new OpusChunkDecoder(track),
});
