// The pcm16 codec: uncompressed 16-bit PCM, the fallback every browser plays. Binary chunk
// format on the data channel (little-endian; docs/protocol.md, "Audio chunks"):
//   16-byte chunk header (codecs/chunk-header.js, codec id 0)
//   then `channels` planes of `frames` signed 16-bit samples.
// Chunk k covers track time [k * chunkFrames / sampleRate, (k + 1) * chunkFrames / sampleRate).
// Every chunk stands alone: no pre-roll, nothing carried from one chunk to the next.

import { CodecName } from '../protocol.js';
import { CHUNK_HEADER_BYTES, CHUNK_VERSION, CodecId, readChunkHeader, writeChunkHeader } from './chunk-header.js';
import { ChunkStore } from './chunk-store.js';

/** @typedef {import('./codecs.js').DecodedChunk} DecodedChunk */

/**
 * Encodes sample planes as chunk `index` of track `trackSeq`.
 * @param {Float32Array[]} planes one per channel, all of the chunk's length
 * @param {number} trackSeq
 * @param {number} index
 * @returns {ArrayBuffer}
 */
export function encodePlanes(planes, trackSeq, index) {
  const channels = planes.length;
  const frames = channels > 0 ? planes[0].length : 0;
  const bytes = new ArrayBuffer(CHUNK_HEADER_BYTES + channels * frames * 2);
  writeChunkHeader(bytes, { channels, codecId: CodecId.PCM16, trackSeq, index, frames });
  const pcm = new Int16Array(bytes, CHUNK_HEADER_BYTES);
  for (let c = 0; c < channels; c++) {
    const data = planes[c];
    const plane = c * frames;
    for (let i = 0; i < frames; i++) {
      const s = Math.max(-1, Math.min(1, data[i]));
      pcm[plane + i] = s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
    }
  }
  return bytes;
}

/**
 * Encodes frames [index * chunkFrames, + chunkFrames) of a decoded track as chunk `index`.
 * @param {{numberOfChannels: number, length: number, getChannelData: (c: number) => Float32Array}} audioBuffer
 * @param {number} trackSeq
 * @param {number} index
 * @param {number} chunkFrames
 * @returns {ArrayBuffer}
 */
export function encodeChunk(audioBuffer, trackSeq, index, chunkFrames) {
  const start = index * chunkFrames;
  const frames = Math.max(0, Math.min(chunkFrames, audioBuffer.length - start));
  const planes = [];
  for (let c = 0; c < audioBuffer.numberOfChannels; c++) planes.push(audioBuffer.getChannelData(c).subarray(start, start + frames));
  return encodePlanes(planes, trackSeq, index);
}

/**
 * Parses a chunk; throws on a malformed one.
 * @param {ArrayBuffer} bytes
 * @returns {DecodedChunk}
 */
export function decodeChunk(bytes) {
  const { version, channels, trackSeq, index, frames } = readChunkHeader(bytes);
  if (version !== CHUNK_VERSION) throw new Error(`unsupported chunk version ${version}`);
  if (bytes.byteLength !== CHUNK_HEADER_BYTES + channels * frames * 2) {
    throw new Error(`chunk ${index}: length ${bytes.byteLength} does not match ${channels}x${frames} frames`);
  }
  const pcm = new Int16Array(bytes, CHUNK_HEADER_BYTES);
  const planes = [];
  for (let c = 0; c < channels; c++) {
    const plane = new Float32Array(frames);
    for (let i = 0; i < frames; i++) plane[i] = pcm[c * frames + i] / 0x8000;
    planes.push(plane);
  }
  return { trackSeq, index, channels, frames, planes };
}

/** @type {import('./codecs.js').Codec} */
export const pcm16 = Object.freeze({
  name: CodecName.PCM16,
  id: CodecId.PCM16,
  /** Plays at the source's own rate. */
  sampleRateFor: (sourceRate) => sourceRate,
  canEncode: async () => true,
  canDecode: async () => true,
  maxChunkBytes: (track) => CHUNK_HEADER_BYTES + track.channels * track.chunkFrames * 2,
  createEncoder: ({ track, source, onReady, onError }) => new ChunkStore({
    track, source, onReady, onError,
    encode: async (index, start, frames) => encodePlanes(await source.read(start, frames), track.trackSeq, index),
  }),
  createDecoder: () => ({ decode: async (bytes) => decodeChunk(bytes), close() {} }),
});
