import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChunkIntake } from '../app/codecs/chunk-intake.js';
import { pcm16, encodePlanes } from '../app/codecs/pcm16.js';
import { Problems } from '../app/problems.js';
import { QuietLog, TRACK } from './fakes.mjs';

function setUp(codec = pcm16) {
  const added = [];
  const problems = new Problems(new QuietLog());
  const intake = new ChunkIntake({ track: TRACK, codec, player: { addChunk: (c) => added.push(c) }, problems });
  return { intake, added, problems };
}

test('a chunk that fails to decode becomes silence of its own length at its own index, counted and reported', async () => {
  const failing = { ...pcm16, createDecoder: () => ({ decode: async () => { throw new Error('corrupt'); }, close() {} }) };
  const { intake, added, problems } = setUp(failing);
  await intake.take(encodePlanes([new Float32Array(100).fill(0.5)], 1, 7));
  assert.equal(added.length, 1);
  assert.deepEqual([added[0].index, added[0].frames, added[0].planes[0].every((v) => v === 0)], [7, 100, true]);
  assert.deepEqual(intake.counts, { decoded: 0, silenced: 1, dropped: 0, skippedLate: 0 });
  assert.equal(problems.snapshot()['chunk-decode-failed'], 1);
});

test('a malformed, oversized or foreign chunk is dropped and counted, never played', async () => {
  const { intake, added, problems } = setUp();
  await intake.take(new ArrayBuffer(5));
  await intake.take(encodePlanes([new Float32Array(101)], 1, 0)); // more frames than a chunk holds
  await intake.take(encodePlanes([new Float32Array(10), new Float32Array(10)], 1, 0)); // two channels
  const opusHeaded = encodePlanes([new Float32Array(10)], 1, 0);
  new DataView(opusHeaded).setUint8(2, 1);
  await intake.take(opusHeaded);
  assert.equal(added.length, 0);
  assert.deepEqual(intake.counts, { decoded: 0, silenced: 0, dropped: 4, skippedLate: 0 });
  assert.equal(problems.snapshot()['malformed-chunk'], 4);
  await intake.take(encodePlanes([new Float32Array(100)], 1, 1));
  assert.deepEqual(intake.counts, { decoded: 1, silenced: 0, dropped: 4, skippedLate: 0 });
});

test('a chunk that would be decoded only after it has played out is skipped: counted, neither played nor silenced', async () => {
  // A decoder that takes 120 ms a chunk and skips what its caller calls late (as codecs/opus.js does).
  const slow = { ...pcm16, createDecoder: () => ({
    decode: async (bytes, { isLate }) => (isLate(120) ? null : pcm16.createDecoder().decode(bytes)), close() {},
  }) };
  const added = [];
  const msLeft = new Map([[7, 100], [8, 160], [9, 171]]); // 7 is late; 8 is within the 50 ms margin; 9 is not
  const intake = new ChunkIntake({
    track: TRACK, codec: slow, problems: new Problems(new QuietLog()),
    player: { addChunk: (c) => added.push(c), msUntilChunkEnds: (i) => msLeft.get(i) ?? null },
  });
  for (const index of [7, 8, 9, 10]) await intake.take(encodePlanes([new Float32Array(100)], 1, index));
  assert.deepEqual(added.map((c) => c.index), [9, 10], 'chunk 10: nothing plays it yet, so it is decoded');
  assert.deepEqual(intake.counts, { decoded: 2, silenced: 0, dropped: 0, skippedLate: 2 });
});
