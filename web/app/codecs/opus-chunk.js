// The Opus chunk format and its timeline arithmetic (pure; docs/protocol.md, "Opus chunks").
//
//   16-byte chunk header (codecs/chunk-header.js, codec id 1)
//   u8 leading packets (0 or 1) | u8 packet count n | u16 reserved (0)
//   n x u16 packet sizes | the n Opus packets (RFC 6716), 10 ms each at 48 kHz
//
// One encoder stream covers a stretch of the track (a "session": from load, or from a seek to
// where nothing was encoded). Its input starts LEAD_FRAMES before the first chunk's start, so
// that after the encoder's delay (ENCODER_DELAY, the OpusHead pre-skip) packet q of the session
// decodes to track frames [start + (q - 1) * 480, start + q * 480): every chunk boundary falls
// on a packet boundary, and chunk k holds exactly the packets of its own 250 ms. The session's
// packet 0 decodes to the 10 ms before its first chunk: that chunk carries it as a leading
// packet, whose output is dropped.

import { CHUNK_HEADER_BYTES, CHUNK_VERSION, CodecId, readChunkHeader, writeChunkHeader } from './chunk-header.js';

export const OPUS_SAMPLE_RATE = 48_000;
/** 10 ms packets: 250 ms chunks hold 25 whole packets (20 ms would split one). */
export const PACKET_FRAMES = 480;
/** libopus's delay at 48 kHz, the pre-skip of its OpusHead (RFC 7845 §5.1), the same in Chromium and Firefox. */
export const ENCODER_DELAY = 312;
/** Frames fed before a session's first chunk so its packets fall on the chunk grid. */
export const LEAD_FRAMES = PACKET_FRAMES - ENCODER_DELAY;
/** RFC 6716 §3.4 [R2]: no Opus packet is longer. */
export const MAX_PACKET_BYTES = 1275;
const TABLE_OFFSET = CHUNK_HEADER_BYTES + 4;

/** Packets covering `frames` frames of the timeline. @param {number} frames */
export function packetsFor(frames) {
  return Math.ceil(frames / PACKET_FRAMES);
}

/**
 * @typedef {{trackSeq: number, index: number, channels: number, frames: number, leading: number,
 *   packets: Uint8Array[]}} OpusChunk
 */

/**
 * @param {{trackSeq: number, index: number, channels: number, frames: number, leading: number,
 *   packets: Uint8Array[]}} chunk
 * @returns {ArrayBuffer}
 */
export function packOpusChunk({ trackSeq, index, channels, frames, leading, packets }) {
  if (packets.length !== leading + packetsFor(frames)) {
    throw new Error(`chunk ${index}: ${packets.length} packets for ${frames} frames and ${leading} leading`);
  }
  const dataBytes = packets.reduce((sum, p) => sum + p.byteLength, 0);
  const bytes = new ArrayBuffer(TABLE_OFFSET + packets.length * 2 + dataBytes);
  writeChunkHeader(bytes, { channels, codecId: CodecId.OPUS, trackSeq, index, frames });
  const view = new DataView(bytes);
  view.setUint8(CHUNK_HEADER_BYTES, leading);
  view.setUint8(CHUNK_HEADER_BYTES + 1, packets.length);
  let at = TABLE_OFFSET + packets.length * 2;
  packets.forEach((p, i) => {
    view.setUint16(TABLE_OFFSET + i * 2, p.byteLength, true);
    new Uint8Array(bytes, at, p.byteLength).set(p);
    at += p.byteLength;
  });
  return bytes;
}

/**
 * Parses an Opus chunk; throws on one that is malformed or claims more than `maxFrames`.
 * @param {ArrayBuffer} bytes
 * @param {number} maxFrames the track's chunkFrames
 * @returns {OpusChunk}
 */
export function parseOpusChunk(bytes, maxFrames) {
  const { version, channels, codecId, trackSeq, index, frames } = readChunkHeader(bytes);
  if (version !== CHUNK_VERSION) throw new Error(`unsupported chunk version ${version}`);
  if (codecId !== CodecId.OPUS) throw new Error(`chunk ${index}: codec id ${codecId} is not Opus`);
  if (frames === 0 || frames > maxFrames) throw new Error(`chunk ${index}: ${frames} frames (at most ${maxFrames})`);
  if (bytes.byteLength < TABLE_OFFSET) throw new Error(`chunk ${index}: no packet table`);
  const view = new DataView(bytes);
  const leading = view.getUint8(CHUNK_HEADER_BYTES);
  const count = view.getUint8(CHUNK_HEADER_BYTES + 1);
  if (leading > 1 || count !== leading + packetsFor(frames)) {
    throw new Error(`chunk ${index}: ${count} packets (${leading} leading) for ${frames} frames`);
  }
  let at = TABLE_OFFSET + count * 2;
  if (at > bytes.byteLength) throw new Error(`chunk ${index}: packet table past the end`);
  const packets = [];
  for (let i = 0; i < count; i++) {
    const size = view.getUint16(TABLE_OFFSET + i * 2, true);
    if (size === 0 || size > MAX_PACKET_BYTES || at + size > bytes.byteLength) {
      throw new Error(`chunk ${index}: packet ${i} of ${size} bytes does not fit`);
    }
    packets.push(new Uint8Array(bytes, at, size));
    at += size;
  }
  if (at !== bytes.byteLength) throw new Error(`chunk ${index}: ${bytes.byteLength - at} bytes after the packets`);
  return { trackSeq, index, channels, frames, leading, packets };
}

/** The largest Opus chunk a track can have. @param {{chunkFrames: number}} track */
export function maxOpusChunkBytes(track) {
  const packets = 1 + packetsFor(track.chunkFrames);
  return TABLE_OFFSET + packets * (2 + MAX_PACKET_BYTES);
}

/**
 * The OpusHead a decoder is configured with (RFC 7845 §5.1; the 19 bytes both browsers' encoders
 * give as `decoderConfig.description`): version 1, channels, pre-skip, 48 kHz, gain 0, family 0.
 * @param {number} channels
 */
export function opusHead(channels) {
  const bytes = new Uint8Array(19);
  bytes.set([..."OpusHead"].map((ch) => ch.charCodeAt(0)));
  const view = new DataView(bytes.buffer);
  view.setUint8(8, 1);
  view.setUint8(9, channels);
  view.setUint16(10, ENCODER_DELAY, true);
  view.setUint32(12, OPUS_SAMPLE_RATE, true);
  return bytes;
}

/**
 * Where the frames of chunk `chunk` lie in what a decoder gives for a run of packets ending with
 * that chunk's: a decoder drops at most the pre-skip at the start of a run and nothing at its end,
 * so they are counted from the end. The run's last packet ends at the end of the chunk's packet
 * grid, `packetsFor(frames) * 480` past the chunk's start; the chunk takes its `frames` from there.
 * @param {number} decodedFrames all frames the decoder gave for the run
 * @param {number} frames the chunk's frames
 * @returns {number} the offset of the chunk's first frame in the run's output
 */
export function chunkOffsetInRun(decodedFrames, frames) {
  return decodedFrames - packetsFor(frames) * PACKET_FRAMES;
}

/**
 * The packets of an encoder session, numbered from 0, that chunk `index` holds: [first, first + count).
 * @param {number} index
 * @param {number} sessionFirstChunk
 * @param {number} chunkFrames a multiple of PACKET_FRAMES
 * @param {number} frames of this chunk
 */
export function sessionPacketsOf(index, sessionFirstChunk, chunkFrames, frames) {
  const leading = index === sessionFirstChunk ? 1 : 0;
  const first = (index - sessionFirstChunk) * (chunkFrames / PACKET_FRAMES) + 1 - leading;
  return { first, count: leading + packetsFor(frames), leading };
}
