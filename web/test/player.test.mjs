import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Player } from '../app/player/player.js';
import { OutputSettings } from '../app/room/output-settings.js';
import { TRACK, connectedSession } from './fakes.mjs';

// A deterministic audio device: context time c is heard at local time BASE + c*1000 + latency.
// The server clock runs SERVER_AHEAD ms ahead of the local clock.
const BASE = 5000;
const SERVER_AHEAD = 1000;

class FakeContext {
  constructor() {
    this.currentTime = 0.5;
    this.latencyMs = 50;
    this.state = 'running';
    this.destination = {};
    this.started = [];
    this.stopped = [];
    this.levels = [];
  }

  createGain() {
    const context = this;
    return {
      connect() {},
      gain: {
        value: 1,
        setTargetAtTime(target, at, constant) {
          context.levels.push({ target, at, constant });
        },
      },
    };
  }

  createBuffer(channels, frames, sampleRate) {
    return { duration: frames / sampleRate, copyToChannel() {} };
  }

  createBufferSource() {
    const context = this;
    const node = {
      connect() {},
      start(when, offset) {
        context.started.push({ node, when, offset, buffer: node.buffer });
      },
      stop(at) {
        context.stopped.push({ node, at });
      },
    };
    return node;
  }

  getOutputTimestamp() {
    return { contextTime: this.currentTime, performanceTime: BASE + this.currentTime * 1000 + this.latencyMs };
  }
}

function setUp({ settings = new OutputSettings() } = {}) {
  const context = new FakeContext();
  const localNow = () => BASE + context.currentTime * 1000;
  const clock = {
    synced: true,
    start: () => Promise.resolve(),
    serverNow: () => localNow() + SERVER_AHEAD,
    toLocal: (serverMs) => serverMs - SERVER_AHEAD,
  };
  const { session } = connectedSession({ clock });
  const player = new Player(session, { context, tickMs: 0, settings });
  session.applyTrack(TRACK);
  const add = (index) => {
    player.addChunk({ trackSeq: 1, index, channels: 1, frames: 100, planes: [new Float32Array(100)] });
  };
  // Which chunk each started source plays.
  const indices = () => context.started.map(({ buffer }) => [...player.chunks].find(([, b]) => b === buffer)[0]);
  return { context, player, session, add, indices };
}

/** Context time at which server time `serverMs` is heard, on the fake device. */
const heardAt = (serverMs, latencyMs = 50) => (serverMs - SERVER_AHEAD - BASE - latencyMs) / 1000;
const close = (actual, expected) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} != ${expected}`);

test('each chunk starts at the context time its server time is heard, output latency included', () => {
  const { context, player, session, add, indices } = setUp();
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0, at: 6600 });
  add(0);
  add(1);
  player.tick();
  assert.deepEqual(indices(), [0, 1]);
  close(context.started[0].when, heardAt(6600));
  close(context.started[1].when, heardAt(6700));
  assert.equal(context.started[0].offset, 0);
});

test('the player says how long until a chunk has played out at the output, and nothing while paused', () => {
  const { context, player, session } = setUp();
  context.currentTime = 2.0;
  assert.equal(player.msUntilChunkEnds(20), null, 'no playback state yet');
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0, at: 6000 });
  // Chunk 20 ends at position 2.1 s = server 8100, heard at context time 2.05: 50 ms from now.
  close(player.msUntilChunkEnds(20), 50);
  close(player.msUntilChunkEnds(19), -50);
  session.applyPlayback({ version: 2, trackSeq: 1, playing: false, position: 2.0, at: 8000 });
  assert.equal(player.msUntilChunkEnds(20), null);
});

test('a listener joining mid-track starts the current chunk part-way in, on the room position', () => {
  const { context, player, session, add, indices } = setUp();
  context.currentTime = 2.0; // the room has been playing for a while
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0, at: 6000 });
  add(19);
  add(20);
  add(21);
  player.tick();
  const first = context.started[0];
  assert.deepEqual(indices(), [20, 21], 'chunk 19 is already over and not played');
  // Chunk 20 should have been heard from heardAt(8000) = 1.95; now is 2.0, so it starts at the
  // earliest safe moment 2.01 and skips the 60 ms that are past.
  close(first.when, 2.01);
  close(first.offset, 0.06);
  close(context.started[1].when, heardAt(8100));
});

test('a play command for the future schedules nothing before it and starts on the exact position', () => {
  const { context, player, session, add } = setUp();
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0.25, at: 6800 });
  add(2);
  add(3);
  player.tick();
  close(context.started[0].when, heardAt(6800));
  close(context.started[0].offset, 0.05);
  close(context.started[1].when, heardAt(6850));
});

test('an output slip seen on two ticks re-queues the chunks not yet started', () => {
  const { context, player, session, add } = setUp();
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0, at: 6600 });
  add(0);
  add(1);
  player.tick();
  assert.equal(context.started.length, 2);
  context.latencyMs = 60; // the device now presents everything 10 ms later
  player.tick();
  player.tick();
  assert.equal(context.stopped.length, 0, 'a reading or two is not enough');
  for (let i = 0; i < 8 && context.stopped.length === 0; i++) player.tick();
  assert.equal(context.stopped.length, 2, 'a lasting change is adopted within a few ticks');
  const requeued = context.started.slice(2);
  close(requeued[0].when, heardAt(6600, 60));
  close(requeued[1].when, heardAt(6700, 60));
});

test('a transient of the output clock neither misplaces new chunks nor moves queued ones', () => {
  const { context, player, session, add } = setUp();
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0, at: 6600 });
  for (let i = 0; i < 4; i++) player.tick();
  context.latencyMs = 70; // one late render callback
  player.tick();
  add(0);
  close(context.started[0].when, heardAt(6600));
  context.latencyMs = 50;
  player.tick();
  player.tick();
  assert.equal(context.stopped.length, 0);
  assert.equal(context.started.length, 1);
});

test('pause stops what is queued at the moment the pause is heard, and a stale state is ignored', () => {
  const { context, player, session, add } = setUp();
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0, at: 6600 });
  add(0);
  add(1);
  player.tick();
  session.applyPlayback({ version: 2, trackSeq: 1, playing: false, position: 0.15, at: 6750 });
  assert.deepEqual(context.stopped.map((s) => s.at), [heardAt(6750), heardAt(6750)]);
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0, at: 6600 });
  player.tick();
  assert.equal(context.started.length, 2, 'the stale play was not applied');
});

test('a seek that takes effect beyond the lookahead keeps the old timeline playing until that moment', () => {
  const { context, player, session, add, indices } = setUp();
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0, at: 6600 });
  for (let i = 0; i < 10; i++) add(i);
  for (let i = 50; i < 60; i++) add(i);
  player.tick();
  assert.ok(!indices().includes(9), 'chunk 9 is beyond the lookahead so far');
  // Seek to 5.0 s, effective at server 7600: the old timeline reaches 1.0 s by then.
  session.applyPlayback({ version: 2, trackSeq: 1, playing: true, position: 5.0, at: 7600 });
  assert.deepEqual(indices(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(context.stopped.every((s) => Math.abs(s.at - heardAt(7600)) < 1e-9), 'all cut at the seek');
  context.currentTime = 1.2;
  player.tick();
  const seekStart = context.started.find(({ buffer }) => buffer === player.chunks.get(50));
  close(seekStart.when, heardAt(7600));
});

test('a manual output offset of +50 ms starts every chunk exactly 50 ms earlier', () => {
  const settings = new OutputSettings();
  settings.setOffsetMs(50);
  const { context, player, session, add } = setUp({ settings });
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0, at: 6700 });
  add(0);
  add(1);
  player.tick();
  close(context.started[0].when, heardAt(6700) - 0.05);
  close(context.started[0].offset, 0);
  close(context.started[1].when, heardAt(6800) - 0.05);
});

test('changing the offset while playing cuts what is queued at one moment and re-queues it at the new times', () => {
  const settings = new OutputSettings();
  const { context, player, session, add } = setUp({ settings });
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0, at: 6600 });
  add(0);
  add(1);
  add(2);
  player.tick();
  assert.equal(context.started.length, 3);
  context.currentTime = 0.6; // chunk 0 (heard from 0.55) is playing
  settings.setOffsetMs(-1);
  assert.equal(context.stopped.length, 3, 'every queued chunk is stopped');
  for (const { at } of context.stopped) close(at, 0.61);
  const requeued = context.started.slice(3);
  // Chunk 0 goes on from the cut at 0.61, which now sounds 1 ms later than before: server time
  // 6659, 59 ms into the chunk.
  close(requeued[0].when, 0.61);
  close(requeued[0].offset, 0.059);
  close(requeued[1].when, heardAt(6700) + 0.001);
  close(requeued[2].when, heardAt(6800) + 0.001);
});

test('volume and mute change the output gain and nothing about when chunks start', () => {
  const settings = new OutputSettings();
  const { context, player, session, add } = setUp({ settings });
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0, at: 6600 });
  add(0);
  player.tick();
  settings.setVolume(0.25);
  settings.setMuted(true);
  settings.setMuted(false);
  add(1);
  assert.deepEqual(context.levels.map((l) => l.target), [0.25, 0, 0.25]);
  assert.equal(context.stopped.length, 0, 'nothing re-queued');
  close(context.started[0].when, heardAt(6600));
  close(context.started[1].when, heardAt(6700));
});
