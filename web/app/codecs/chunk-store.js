// The encoded chunks of one track near the play position, made on demand: the streamer says
// which chunks it will want (`prepare(from, to)`), each missing one is encoded (asynchronously:
// the source is read in pieces), and `chunk(index)` gives it once it is there. Chunks behind
// the position are forgotten, so what is held is the window the streamer keeps (about 4 s).
// pcm16 encodes chunk by chunk through this store; Opus (codecs/opus.js) fills it from its
// continuous encoder instead.

import { chunkCount } from '../media/timeline.js';

/** @typedef {import('../media/chunk-source.js').ChunkSource} ChunkSource */

/** @implements {ChunkSource} */
export class ChunkStore {
  /**
   * @param {{track: import('../protocol.js').TrackInfo, source: import('../media/audio-source.js').AudioSource,
   *   onReady: () => void, onError: (e: unknown) => void,
   *   encode?: (index: number, start: number, frames: number) => Promise<ArrayBuffer>}} options
   * `encode(index, start, frames)` makes chunk `index` from frames [start, start + frames).
   */
  constructor({ track, source, onReady, onError, encode }) {
    this.trackSeq = track.trackSeq;
    this.chunkFrames = track.chunkFrames;
    this.source = source;
    this.total = chunkCount(source.frames, track.chunkFrames);
    this.onReady = onReady;
    this.onError = onError;
    this.encode = encode;
    /** @type {Map<number, ArrayBuffer>} */
    this.encoded = new Map();
    /** @type {Set<number>} */
    this.pending = new Set();
    this.closed = false;
    /** chunks before this one are not kept (forgetBefore), until asked for again */
    this.keepFrom = 0;
  }

  /** Frames chunk `index` covers (the last one may be short). @param {number} index */
  framesOf(index) {
    return Math.max(0, Math.min(this.chunkFrames, this.source.frames - index * this.chunkFrames));
  }

  /** @param {number} index */
  chunk(index) {
    return this.encoded.get(index) ?? null;
  }

  /** @param {number} from @param {number} to */
  prepare(from, to) {
    this.keepFrom = Math.min(this.keepFrom, Math.max(0, from)); // what is asked for is kept
    if (!this.encode) return;
    for (let index = Math.max(0, from); index <= Math.min(to, this.total - 1); index++) {
      if (this.encoded.has(index) || this.pending.has(index)) continue;
      this.pending.add(index);
      this.encode(index, index * this.chunkFrames, this.framesOf(index)).then((bytes) => {
        this.pending.delete(index);
        this.put(index, bytes);
      }, (e) => {
        this.pending.delete(index);
        if (!this.closed) this.onError(e);
      });
    }
  }

  /** Keeps chunk `index` (the first encoding of an index wins) and wakes the streamer. */
  put(index, bytes) {
    if (this.closed || this.encoded.has(index) || index < this.keepFrom) return;
    this.encoded.set(index, bytes);
    this.onReady();
  }

  /** @param {number} index */
  forgetBefore(index) {
    this.keepFrom = Math.max(0, index);
    for (const key of this.encoded.keys()) if (key < index) this.encoded.delete(key);
  }

  close() {
    this.closed = true;
    this.encoded.clear();
  }
}
