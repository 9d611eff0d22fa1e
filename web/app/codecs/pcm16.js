// The pcm16 codec: uncompressed 16-bit PCM. Binary chunk format on the data channel
// (little-endian; docs/protocol.md, "Audio chunks"):
//   u8 version (1) | u8 channels | u16 reserved | u32 trackSeq | u32 chunkIndex | u32 frames
//   then `channels` planes of `frames` signed 16-bit samples.
// Chunk k covers track time [k * chunkFrames / sampleRate, (k + 1) * chunkFrames / sampleRate).

import { CodecName } from '../protocol.js';

export const CHUNK_VERSION = 1;
const HEADER_BYTES = 16;

/** @typedef {import('./codecs.js').DecodedChunk} DecodedChunk */

/**
 * Encodes frames [index * chunkFrames, + chunkFrames) of a decoded track as chunk `index`.
 * @param {AudioBuffer} audioBuffer
 * @param {number} trackSeq
 * @param {number} index
 * @param {number} chunkFrames
 * @returns {ArrayBuffer}
 */
export function encodeChunk(audioBuffer, trackSeq, index, chunkFrames) {
  const start = index * chunkFrames;
  const frames = Math.max(0, Math.min(chunkFrames, audioBuffer.length - start));
  const channels = audioBuffer.numberOfChannels;
  const bytes = new ArrayBuffer(HEADER_BYTES + channels * frames * 2);
  const view = new DataView(bytes);
  view.setUint8(0, CHUNK_VERSION);
  view.setUint8(1, channels);
  view.setUint32(4, trackSeq, true);
  view.setUint32(8, index, true);
  view.setUint32(12, frames, true);
  const pcm = new Int16Array(bytes, HEADER_BYTES);
  for (let c = 0; c < channels; c++) {
    const data = audioBuffer.getChannelData(c);
    const plane = c * frames;
    for (let i = 0; i < frames; i++) {
      const s = Math.max(-1, Math.min(1, data[start + i]));
      pcm[plane + i] = s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
    }
  }
  return bytes;
}

/**
 * Parses a chunk; throws on a malformed one.
 * @param {ArrayBuffer} bytes
 * @returns {DecodedChunk}
 */
export function decodeChunk(bytes) {
  if (bytes.byteLength < HEADER_BYTES) throw new Error(`chunk too short: ${bytes.byteLength} bytes`);
  const view = new DataView(bytes);
  const version = view.getUint8(0);
  if (version !== CHUNK_VERSION) throw new Error(`unsupported chunk version ${version}`);
  const channels = view.getUint8(1);
  const trackSeq = view.getUint32(4, true);
  const index = view.getUint32(8, true);
  const frames = view.getUint32(12, true);
  if (bytes.byteLength !== HEADER_BYTES + channels * frames * 2) {
    throw new Error(`chunk ${index}: length ${bytes.byteLength} does not match ${channels}x${frames} frames`);
  }
  const pcm = new Int16Array(bytes, HEADER_BYTES);
  const planes = [];
  for (let c = 0; c < channels; c++) {
    const plane = new Float32Array(frames);
    for (let i = 0; i < frames; i++) plane[i] = pcm[c * frames + i] / 0x8000;
    planes.push(plane);
  }
  return { trackSeq, index, channels, frames, planes };
}

/** @type {import('./codecs.js').Codec} */
export const pcm16 = Object.freeze({ name: CodecName.PCM16, encodeChunk, decodeChunk });
