// The chunks of one decoded track, encoded with the track's codec on demand and kept only
// around the play position. The streamer reads chunks from a source like this one; a relay
// (forwarding what it received) or a progressive encoder can be another source.

import { chunkCount } from './timeline.js';

/**
 * `chunk(index)` is null while that chunk is not available yet (not signed, not received);
 * `prepare(from, to)`, where present, is told which chunks will be asked for next.
 * @typedef {{trackSeq: number, total: number, chunk: (index: number) => ArrayBuffer | null,
 *   forgetBefore: (index: number) => void, prepare?: (from: number, to: number) => void}} ChunkSource
 */

/** @implements {ChunkSource} */
export class EncodedTrack {
  /**
   * @param {AudioBuffer} audio the whole decoded track
   * @param {import('../protocol.js').TrackInfo} track as announced to the room
   * @param {import('../codecs/codecs.js').Codec} codec
   */
  constructor(audio, track, codec) {
    this.audio = audio;
    this.trackSeq = track.trackSeq;
    this.chunkFrames = track.chunkFrames;
    this.codec = codec;
    this.total = chunkCount(audio.length, track.chunkFrames);
    /** @type {Map<number, ArrayBuffer>} */
    this.encoded = new Map();
  }

  /** @param {number} index */
  chunk(index) {
    let bytes = this.encoded.get(index);
    if (!bytes) {
      bytes = this.codec.encodeChunk(this.audio, this.trackSeq, index, this.chunkFrames);
      this.encoded.set(index, bytes);
    }
    return bytes;
  }

  /** @param {number} index */
  forgetBefore(index) {
    for (const key of this.encoded.keys()) if (key < index) this.encoded.delete(key);
  }
}
