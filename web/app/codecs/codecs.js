// One interface for every audio codec, selected by the `codec` field of the track info
// (as Snapcast puts every decoder behind one interface). A codec turns a decoded track into
// numbered chunks on the host and chunks back into sample planes on every listener; the
// streamer, the relay and the player never look inside a chunk.

import { pcm16 } from './pcm16.js';

/**
 * @typedef {{trackSeq: number, index: number, channels: number, frames: number,
 *   planes: Float32Array<ArrayBuffer>[]}} DecodedChunk
 * @typedef {{name: string,
 *   encodeChunk: (audio: AudioBuffer, trackSeq: number, index: number, chunkFrames: number) => ArrayBuffer,
 *   decodeChunk: (bytes: ArrayBuffer) => DecodedChunk}} Codec
 */

/** @type {Map<string, Codec>} */
const CODECS = new Map([[pcm16.name, pcm16]]);

/** The codec hosts use unless told otherwise. */
export const DEFAULT_CODEC = pcm16;

/** A track announced with a codec this page does not have. */
export class UnknownCodec extends Error {
  /** @param {string} name */
  constructor(name) {
    super(`this room's audio uses the "${name}" codec, which this page cannot play`
      + ` (it plays: ${[...CODECS.keys()].join(', ')})`);
    this.name = 'UnknownCodec';
    this.codec = name;
  }
}

/**
 * @param {string} name
 * @returns {Codec}
 */
export function codecFor(name) {
  const codec = CODECS.get(name);
  if (!codec) throw new UnknownCodec(name);
  return codec;
}
