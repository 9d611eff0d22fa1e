import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openWav, parseWavHeader } from '../app/media/wav-source.js';

/** A WAV file as a Blob: `frames` of 16-bit PCM whose sample at frame f, channel c is f * 10 + c. */
function wav16(frames, channels = 2, rate = 48_000, { list = false } = {}) {
  const info = list ? new Uint8Array([...'LIST'].map((c) => c.charCodeAt(0)).concat([4, 0, 0, 0], [...'INFO'].map((c) => c.charCodeAt(0)))) : new Uint8Array(0);
  const data = frames * channels * 2;
  const bytes = new ArrayBuffer(44 + info.length + data);
  const view = new DataView(bytes);
  const tag = (at, s) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  tag(0, 'RIFF'); view.setUint32(4, 36 + info.length + data, true); tag(8, 'WAVE');
  tag(12, 'fmt '); view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, channels, true);
  view.setUint32(24, rate, true); view.setUint32(28, rate * channels * 2, true); view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  new Uint8Array(bytes, 36, info.length).set(info);
  tag(36 + info.length, 'data'); view.setUint32(40 + info.length, data, true);
  for (let f = 0; f < frames; f++) for (let c = 0; c < channels; c++) view.setInt16(44 + info.length + (f * channels + c) * 2, f * 10 + c, true);
  return new Blob([bytes]);
}

test('a WAV is read in pieces: any frame range, zero outside the track', async () => {
  const source = await openWav(wav16(1000, 2, 44_100, { list: true }));
  assert.deepEqual([source.sampleRate, source.channels, source.frames, source.progressive], [44_100, 2, 1000, true]);
  const [left, right] = await source.read(998, 4);
  assert.deepEqual([...left].map((v) => Math.round(v * 0x8000)), [9980, 9990, 0, 0]);
  assert.deepEqual([...right].map((v) => Math.round(v * 0x8000)), [9981, 9991, 0, 0]);
  const [before] = await source.read(-2, 3);
  assert.deepEqual([...before].map((v) => Math.round(v * 0x8000)), [0, 0, 0]);
});

test('a read takes only the bytes of the frames asked for', async () => {
  const file = wav16(48_000);
  const sliced = [];
  const spy = { size: file.size, slice: (a, b) => { sliced.push(b - a); return file.slice(a, b); } };
  const source = await openWav(/** @type {any} */ (spy));
  sliced.length = 0;
  await source.read(1000, 480);
  assert.deepEqual(sliced, [480 * 4]);
});

test('what is not a WAV this reader takes is left to the browser\'s decoder', async () => {
  assert.equal(await openWav(new Blob([new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0, 0, 0])])), null, 'an MP3');
  const bytes = await wav16(10).arrayBuffer();
  new DataView(bytes).setUint16(20, 2, true); // ADPCM
  assert.equal(parseWavHeader(bytes, bytes.byteLength), null);
});
