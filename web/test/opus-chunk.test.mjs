import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readChunkHeader, CodecId } from '../app/codecs/chunk-header.js';
import {
  ENCODER_DELAY, LEAD_FRAMES, PACKET_FRAMES, chunkOffsetInRun, maxOpusChunkBytes, opusHead, packOpusChunk,
  parseOpusChunk, sessionPacketsOf,
} from '../app/codecs/opus-chunk.js';

const packets = (n, size = 3) => Array.from({ length: n }, (_, i) => new Uint8Array(size).fill(i + 1));

test('an Opus chunk round-trips its header, leading packet and packets', () => {
  const bytes = packOpusChunk({ trackSeq: 4, index: 9, channels: 2, frames: 12_000, leading: 1, packets: packets(26) });
  assert.deepEqual(readChunkHeader(bytes), { version: 1, channels: 2, codecId: CodecId.OPUS, trackSeq: 4, index: 9, frames: 12_000 });
  const chunk = parseOpusChunk(bytes, 12_000);
  assert.equal(chunk.leading, 1);
  assert.equal(chunk.packets.length, 26);
  assert.deepEqual([...chunk.packets[25]], [26, 26, 26]);
});

test('a short last chunk holds the packets that cover its frames', () => {
  const bytes = packOpusChunk({ trackSeq: 1, index: 3, channels: 1, frames: 1000, leading: 0, packets: packets(3) });
  assert.equal(parseOpusChunk(bytes, 12_000).packets.length, 3);
  assert.throws(() => packOpusChunk({ trackSeq: 1, index: 3, channels: 1, frames: 1000, leading: 0, packets: packets(2) }), /2 packets/);
});

test('malformed Opus chunks are refused with a reason', () => {
  const good = packOpusChunk({ trackSeq: 1, index: 0, channels: 2, frames: 12_000, leading: 0, packets: packets(25) });
  assert.throws(() => parseOpusChunk(good, 4800), /12000 frames \(at most 4800\)/);
  assert.throws(() => parseOpusChunk(good.slice(0, good.byteLength - 1), 12_000), /does not fit/);
  const trailing = new Uint8Array(good.byteLength + 2);
  trailing.set(new Uint8Array(good));
  assert.throws(() => parseOpusChunk(trailing.buffer, 12_000), /2 bytes after the packets/);
  const wrongCount = good.slice(0);
  new DataView(wrongCount).setUint8(17, 24);
  assert.throws(() => parseOpusChunk(wrongCount, 12_000), /24 packets/);
  const pcm = good.slice(0);
  new DataView(pcm).setUint8(2, CodecId.PCM16);
  assert.throws(() => parseOpusChunk(pcm, 12_000), /not Opus/);
  assert.ok(maxOpusChunkBytes({ chunkFrames: 12_000 }) < 64 * 1024, 'an Opus chunk fits well inside an envelope');
});

test('a session\'s packets fall on the chunk grid: its first chunk carries the packet before it', () => {
  assert.equal(LEAD_FRAMES + ENCODER_DELAY, PACKET_FRAMES);
  assert.deepEqual(sessionPacketsOf(10, 10, 12_000, 12_000), { first: 0, count: 26, leading: 1 });
  assert.deepEqual(sessionPacketsOf(11, 10, 12_000, 12_000), { first: 26, count: 25, leading: 0 });
  assert.deepEqual(sessionPacketsOf(12, 10, 12_000, 500), { first: 51, count: 2, leading: 0 });
});

test('a chunk\'s frames are counted from the end of what the decoder gave for its run', () => {
  // The chunk before it (25 packets) then its own 25: 50 x 480, less a pre-skip dropped or not.
  assert.equal(chunkOffsetInRun(50 * 480 - ENCODER_DELAY, 12_000), 25 * 480 - ENCODER_DELAY);
  assert.equal(chunkOffsetInRun(50 * 480, 12_000), 25 * 480);
  // A short last chunk of 500 frames: two packets, its frames the first 500 of their 960.
  assert.equal(chunkOffsetInRun(27 * 480, 500), 25 * 480);
});

test('the OpusHead is the 19 bytes the browsers\' encoders give', () => {
  const head = opusHead(2);
  assert.equal(head.length, 19);
  assert.equal(String.fromCharCode(...head.subarray(0, 8)), 'OpusHead');
  const view = new DataView(head.buffer);
  assert.deepEqual([view.getUint8(8), view.getUint8(9), view.getUint16(10, true), view.getUint32(12, true)], [1, 2, 312, 48_000]);
});
