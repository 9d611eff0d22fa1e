// One interface for every audio codec, selected by the `codec` field of the track info
// (as Snapcast puts every decoder behind one interface). On the host a codec's encoder reads
// the track's audio source in pieces and makes numbered chunks, asynchronously, as the streamer
// asks for them; on every page its decoder turns chunks back into sample planes, asynchronously.
// The streamer, the relay and the player never look inside a chunk.

import { CodecName } from '../protocol.js';
import { opus } from './opus.js';
import { pcm16 } from './pcm16.js';

/**
 * @typedef {{trackSeq: number, index: number, channels: number, frames: number,
 *   planes: Float32Array<ArrayBuffer>[]}} DecodedChunk
 * @typedef {import('../media/chunk-source.js').ChunkSource & {close: () => void}} ChunkEncoder
 * @typedef {{decode: (bytes: ArrayBuffer, options?: {isLate?: (runMs: number) => boolean})
 *   => Promise<DecodedChunk | null>, close: () => void, coldStarts?: number}} ChunkDecoder
 *   `isLate` (codecs/opus.js): a decoder whose decodes take long may skip (null) a chunk that
 *   would be ready only after it has played out; pcm16 decodes at once and never skips.
 * @typedef {{name: string, id: number,
 *   sampleRateFor: (sourceRate: number) => number,
 *   canEncode: (format: {channels: number, bitrate?: number}) => Promise<boolean>,
 *   canDecode: (format: {channels: number}) => Promise<boolean>,
 *   maxChunkBytes: (track: import('../protocol.js').TrackInfo) => number,
 *   createEncoder: (options: {track: import('../protocol.js').TrackInfo,
 *     source: import('../media/audio-source.js').AudioSource, bitrate?: number,
 *     onReady: () => void, onError: (e: unknown) => void}) => ChunkEncoder,
 *   createDecoder: (track: import('../protocol.js').TrackInfo) => ChunkDecoder}} Codec
 */

/** @type {Map<string, Codec>} */
const CODECS = new Map([[pcm16.name, pcm16], [opus.name, opus]]);

/** The codec a host uses where the browser has it (else it falls back to pcm16: codecs/negotiate.js). */
export const PREFERRED_CODEC = CodecName.OPUS;
/** The codec every browser can encode and decode. */
export const FALLBACK_CODEC = CodecName.PCM16;

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
