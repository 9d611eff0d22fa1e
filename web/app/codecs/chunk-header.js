// The header every codec's chunk starts with (docs/protocol.md, "Audio chunks"): relays read
// which track and which chunk a message carries from it, without decoding the audio.
//   u8 chunk version | u8 channels | u16 reserved | u32 trackSeq | u32 chunk index | u32 frames

export const CHUNK_HEADER_BYTES = 16;

/**
 * @param {ArrayBuffer | Uint8Array} chunk
 * @returns {{trackSeq: number, index: number}}
 */
export function readChunkHeader(chunk) {
  const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
  if (bytes.byteLength < CHUNK_HEADER_BYTES) throw new Error(`chunk too short: ${bytes.byteLength} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { trackSeq: view.getUint32(4, true), index: view.getUint32(8, true) };
}
