import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Streamer } from '../app/media/streamer.js';
import { Problems } from '../app/problems.js';
import { QuietLog, TRACK } from './fakes.mjs';

/** A chunk source whose chunk k is the single byte k. */
function source(total) {
  return { trackSeq: 1, total, chunk: (k) => Uint8Array.of(k).buffer, forgetBefore() {} };
}

/** A data channel; unless it `drains`, what it is given stays buffered until bufferedAmount is reset. */
class Sink {
  constructor({ drains = false } = {}) {
    this.drains = drains;
    this.bufferedAmount = 0;
    this.chunks = [];
    this.pulses = [];
    this.bufferReads = 0;
  }

  get bufferedAmount() {
    this.bufferReads++;
    return this.buffered;
  }

  set bufferedAmount(bytes) {
    this.buffered = bytes;
  }

  send(data) {
    if (typeof data === 'string') {
      this.pulses.push(JSON.parse(data));
      return;
    }
    this.chunks.push(new Uint8Array(data)[0]);
    if (!this.drains) this.buffered += data.byteLength;
  }
}

function setUp({ position = 0 } = {}) {
  const state = { position, nowMs: 10_000 };
  const problems = new Problems(new QuietLog());
  const streamer = new Streamer({
    positionNow: () => state.position,
    pulse: () => JSON.stringify({ at: state.nowMs }),
    problems,
    pumpMs: 0,
    now: () => state.nowMs,
    aheadSec: 3,
  });
  return { streamer, state, problems };
}

test('every sink is kept filled from the chunk before the one under the position (pre-roll) to the lead it is given (3 s here)', () => {
  const { streamer, state } = setUp({ position: 1.05 });
  streamer.setSource(source(300), TRACK); // 100 ms chunks
  const sink = new Sink();
  streamer.addSink('a', sink);
  assert.deepEqual(sink.chunks, Array.from({ length: 32 }, (_, i) => 9 + i), 'chunks 9..40');
  state.position = 1.25;
  streamer.pump();
  assert.deepEqual(sink.chunks.slice(32), [41, 42]);
});

test('a full channel is not sent more until it drains, and others are not held back', () => {
  const { streamer } = setUp();
  // 40 KiB chunks: a channel that drains nothing holds 256 KiB after 7 of them.
  streamer.setSource({ ...source(300), chunk: (k) => new Uint8Array(40 * 1024).fill(k).buffer }, TRACK);
  const slow = new Sink();
  const fast = new Sink({ drains: true });
  streamer.addSink('slow', slow);
  streamer.addSink('fast', fast);
  assert.equal(slow.chunks.length, 7);
  assert.equal(fast.chunks.length, 31);
  slow.bufferedAmount = 0;
  streamer.pump();
  assert.deepEqual(slow.chunks, Array.from({ length: 14 }, (_, i) => i), 'it resumes where it stopped');
});

test('a channel\'s bufferedAmount is read only when what was sent since could have filled it', () => {
  const { streamer, state } = setUp();
  streamer.setSource(source(300), TRACK); // 1-byte chunks
  const sink = new Sink();
  streamer.addSink('a', sink);
  for (let k = 1; k <= 100; k++) {
    state.position = k / 10;
    streamer.pump();
  }
  assert.equal(sink.chunks.length, 131, 'chunks 0..130: at position 0 there is no chunk before');
  assert.equal(sink.bufferReads, 1, 'once when it was added, then never: a few bytes cannot fill it');
});

test('after a seek every sink starts again at the new position, with the chunk before it as pre-roll', () => {
  const { streamer, state } = setUp();
  streamer.setSource(source(300), TRACK);
  const sink = new Sink();
  streamer.addSink('a', sink);
  state.position = 20;
  streamer.restart();
  assert.deepEqual(sink.chunks.slice(31, 33), [199, 200]);
});

test('pulses go to peers once a second and at once after a command, not to the page itself', () => {
  const { streamer, state } = setUp();
  const peer = new Sink();
  const self = new Sink();
  streamer.addSink('self', self, { pulses: false });
  streamer.addSink('peer', peer);
  assert.equal(peer.pulses.length, 1, 'a new peer gets the state at once');
  state.nowMs += 500;
  streamer.pump();
  assert.equal(peer.pulses.length, 1);
  state.nowMs += 600;
  streamer.pump();
  assert.equal(peer.pulses.length, 2);
  streamer.pulseAll();
  assert.equal(peer.pulses.length, 3);
  assert.equal(self.pulses.length, 0);
  assert.equal(streamer.downstreamCount, 1);
});

test('a send that fails on a closing channel is reported and does not stop the others', () => {
  const { streamer, problems } = setUp();
  streamer.setSource(source(300), TRACK);
  const closing = { bufferedAmount: 0, send() { throw new Error('channel closing'); } };
  const fine = new Sink();
  streamer.addSink('closing', closing);
  streamer.addSink('fine', fine);
  assert.equal(fine.chunks.length, 31);
  assert.ok(problems.snapshot()['send-to-peer-failed'] >= 1);
});

test('a chunk not available yet holds that sink back until it is, without skipping it', () => {
  const { streamer } = setUp();
  const have = new Set([0, 1, 3]);
  const prepared = [];
  streamer.setSource({
    trackSeq: 1, total: 300, chunk: (k) => (have.has(k) ? Uint8Array.of(k).buffer : null), forgetBefore() {},
    prepare: (from, to) => prepared.push([from, to]),
  }, TRACK);
  const sink = new Sink();
  streamer.addSink('a', sink);
  assert.deepEqual(sink.chunks, [0, 1]);
  assert.deepEqual(prepared.at(-1), [0, 30], 'the source is told what will be asked for');
  have.add(2);
  streamer.pump();
  assert.deepEqual(sink.chunks, [0, 1, 2, 3]);
});
