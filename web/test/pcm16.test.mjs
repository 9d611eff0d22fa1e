import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeChunk, encodeChunk } from '../app/codecs/pcm16.js';
import { chunkCount } from '../app/media/timeline.js';

function fakeBuffer(channels, length) {
  const data = Array.from({ length: channels }, (_, c) =>
    Float32Array.from({ length }, (_, i) => Math.sin((i + c * 7) / 10) * 0.9));
  return { numberOfChannels: channels, length, getChannelData: (c) => data[c] };
}

test('a chunk round-trips its header and samples to 16-bit precision', () => {
  const audio = fakeBuffer(2, 10_000);
  const chunk = decodeChunk(encodeChunk(audio, 3, 2, 4800));
  assert.equal(chunk.trackSeq, 3);
  assert.equal(chunk.index, 2);
  assert.equal(chunk.channels, 2);
  assert.equal(chunk.frames, 400); // the last chunk is short: 10000 - 2 * 4800
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < chunk.frames; i++) {
      assert.ok(Math.abs(chunk.planes[c][i] - audio.getChannelData(c)[9600 + i]) < 1 / 16384);
    }
  }
});

test('out-of-range samples are clipped, not wrapped', () => {
  const audio = { numberOfChannels: 1, length: 2, getChannelData: () => Float32Array.of(1.7, -3) };
  const chunk = decodeChunk(encodeChunk(audio, 1, 0, 2));
  assert.ok(chunk.planes[0][0] > 0.99);
  assert.equal(chunk.planes[0][1], -1);
});

test('truncated or foreign chunks are rejected with a reason', () => {
  const bytes = encodeChunk(fakeBuffer(1, 100), 1, 0, 100);
  assert.throws(() => decodeChunk(bytes.slice(0, 50)), /does not match/);
  assert.throws(() => decodeChunk(new ArrayBuffer(4)), /too short/);
  const foreign = bytes.slice(0);
  new DataView(foreign).setUint8(0, 9);
  assert.throws(() => decodeChunk(foreign), /version 9/);
});

test('chunk count covers a partial last chunk', () => {
  assert.equal(chunkCount(9600, 4800), 2);
  assert.equal(chunkCount(9601, 4800), 3);
});
