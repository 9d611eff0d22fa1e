// The header every codec's chunk starts with (docs/protocol.md, "Audio chunks"): relays read
// which track and which chunk a message carries from it, without decoding the audio, and a
// listener checks it before it hands the chunk to the codec.
//   u8 chunk version (1) | u8 channels | u8 codec id | u8 reserved | u32 trackSeq | u32 chunk index
//   | u32 frames (of the track's timeline this chunk covers)

export const CHUNK_HEADER_BYTES = 16;
export const CHUNK_VERSION = 1;

/** The codec id byte of the header (byte 2; it was reserved, and 0 in every pcm16 chunk). */
export const CodecId = Object.freeze({ PCM16: 0, OPUS: 1 });

/**
 * @typedef {{version: number, channels: number, codecId: number, trackSeq: number, index: number,
 *   frames: number}} ChunkHeader
 */

/**
 * @param {ArrayBuffer | Uint8Array} chunk
 * @returns {ChunkHeader}
 */
export function readChunkHeader(chunk) {
  const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
  if (bytes.byteLength < CHUNK_HEADER_BYTES) throw new Error(`chunk too short: ${bytes.byteLength} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    version: view.getUint8(0),
    channels: view.getUint8(1),
    codecId: view.getUint8(2),
    trackSeq: view.getUint32(4, true),
    index: view.getUint32(8, true),
    frames: view.getUint32(12, true),
  };
}

/**
 * Writes a header into the first CHUNK_HEADER_BYTES of `bytes`.
 * @param {ArrayBuffer} bytes
 * @param {Omit<ChunkHeader, 'version'>} header
 */
export function writeChunkHeader(bytes, { channels, codecId, trackSeq, index, frames }) {
  const view = new DataView(bytes);
  view.setUint8(0, CHUNK_VERSION);
  view.setUint8(1, channels);
  view.setUint8(2, codecId);
  view.setUint32(4, trackSeq, true);
  view.setUint32(8, index, true);
  view.setUint32(12, frames, true);
}
