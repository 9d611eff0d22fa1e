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
  assert.deepEqual(intake.counts, { decoded: 0, silenced: 1, dropped: 0 });
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
  assert.deepEqual(intake.counts, { decoded: 0, silenced: 0, dropped: 4 });
  assert.equal(problems.snapshot()['malformed-chunk'], 4);
  await intake.take(encodePlanes([new Float32Array(100)], 1, 1));
  assert.deepEqual(intake.counts, { decoded: 1, silenced: 0, dropped: 4 });
});
