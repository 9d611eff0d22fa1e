import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BufferHealth, BufferLevel, LOW_BELOW_AHEAD_SEC, STALLED_AFTER_MS, STARVING_BELOW_AHEAD_SEC, allowsInSync, levelOf,
} from '../app/room/buffer-health.js';

const flowing = { expecting: true, outputRunning: true, aheadSec: 4, heldToEndOfTrack: false, stalledMs: 0 };

test('a buffer fed steadily with about 4 s ahead is ok', () => {
  assert.equal(levelOf(flowing), BufferLevel.OK);
});

test('nothing due (paused, before a play takes effect) is idle, whatever is held', () => {
  assert.equal(levelOf({ ...flowing, expecting: false, aheadSec: 0 }), BufferLevel.IDLE);
});

test('the levels fall with the seconds held ahead: low, then starving, then silent at nothing', () => {
  assert.equal(levelOf({ ...flowing, aheadSec: LOW_BELOW_AHEAD_SEC - 0.1 }), BufferLevel.LOW);
  assert.equal(levelOf({ ...flowing, aheadSec: STARVING_BELOW_AHEAD_SEC - 0.1 }), BufferLevel.STARVING);
  assert.equal(levelOf({ ...flowing, aheadSec: 0 }), BufferLevel.SILENT);
  assert.equal(levelOf({ ...flowing, aheadSec: -0.1 }), BufferLevel.SILENT, 'the chunk at the position is missing');
});

test('a flow that stopped is starving even with a full buffer', () => {
  assert.equal(levelOf({ ...flowing, stalledMs: STALLED_AFTER_MS - 1 }), BufferLevel.OK);
  assert.equal(levelOf({ ...flowing, stalledMs: STALLED_AFTER_MS + 1 }), BufferLevel.STARVING);
});

test('an output that does not run is silent, even with audio held', () => {
  assert.equal(levelOf({ ...flowing, outputRunning: false }), BufferLevel.SILENT);
});

test('near the end of a track, a buffer holding everything to the end is ok though short and still', () => {
  assert.equal(levelOf({ ...flowing, aheadSec: 0.5, stalledMs: 3000, heldToEndOfTrack: true }), BufferLevel.OK);
});

test('only starving and silent forbid saying "in sync"', () => {
  assert.deepEqual(Object.values(BufferLevel).filter(allowsInSync), [BufferLevel.IDLE, BufferLevel.OK, BufferLevel.LOW]);
});

/** Samples `health` once per chunk (0.25 s) from chunk `from` to `to`, holding what `received` has. */
function playedThrough(health, received, { from = 0, to }) {
  for (let positionIndex = from; positionIndex <= to; positionIndex++) {
    const nowMs = positionIndex * 250;
    let held = 0;
    while (received.has(positionIndex + held)) held++;
    health.sample({
      nowMs, expecting: true, positionIndex, aheadSec: held * 0.25, heldToEndOfTrack: false,
      has: (k) => received.has(k),
    });
  }
  return health;
}

test('chunks whose time went by without them are counted missing, once each', () => {
  const received = new Set(Array.from({ length: 40 }, (_, k) => k).filter((k) => k !== 5 && k !== 6));
  const health = new BufferHealth();
  for (let k = 0; k < 40; k++) health.arrived({ nowMs: k * 250, startSec: k * 0.25, positionSec: null });
  playedThrough(health, received, { to: 20 });
  assert.equal(health.snapshot().missing, 2);
  assert.equal(health.snapshot().late, 0);
  assert.equal(health.snapshot().recovered, 0, 'no recovery mechanism yet');
});

test('a chunk that arrives after its first sample was due is counted late', () => {
  const health = new BufferHealth();
  health.arrived({ nowMs: 0, startSec: 2.0, positionSec: 1.0 });
  health.arrived({ nowMs: 0, startSec: 2.0, positionSec: 2.1 });
  health.arrived({ nowMs: 0, startSec: 2.0, positionSec: null });
  assert.equal(health.counts.late, 1);
});

test('a seek does not count the chunks jumped over as missing', () => {
  const received = new Set(Array.from({ length: 20 }, (_, k) => k).concat(Array.from({ length: 20 }, (_, k) => 100 + k)));
  const health = new BufferHealth();
  playedThrough(health, received, { to: 10 });
  health.restart();
  playedThrough(health, received, { from: 100, to: 110 });
  assert.equal(health.counts.missing, 0);
});

test('a listener whose chunks stop arriving is told within STALLED_AFTER_MS, before it runs low', () => {
  const health = new BufferHealth();
  const received = new Set(Array.from({ length: 30 }, (_, k) => k));
  health.arrived({ nowMs: 1000, startSec: 7, positionSec: 1 });
  const at = (nowMs) => health.sample({
    nowMs, expecting: true, positionIndex: 4, aheadSec: 6.5, heldToEndOfTrack: false, has: (k) => received.has(k),
  });
  at(1000);
  at(1000 + STALLED_AFTER_MS - 50);
  assert.equal(health.level, BufferLevel.OK);
  at(1000 + STALLED_AFTER_MS + 50);
  assert.equal(health.level, BufferLevel.STARVING);
  assert.ok(health.stalledMs > STALLED_AFTER_MS);
});

test('after a pause the flow is judged from the resume, not from the last chunk before it', () => {
  const health = new BufferHealth();
  health.arrived({ nowMs: 0, startSec: 4, positionSec: null });
  const sample = (nowMs, expecting) => health.sample({
    nowMs, expecting, positionIndex: 0, aheadSec: 4, heldToEndOfTrack: false, has: () => true,
  });
  sample(10_000, false);
  assert.equal(health.level, BufferLevel.IDLE);
  sample(10_100, true);
  sample(10_100 + STALLED_AFTER_MS - 50, true);
  assert.equal(health.level, BufferLevel.OK);
});

test('every sample is told to whoever listens, with the counts and level', () => {
  const health = new BufferHealth({ outputRunning: () => false });
  const seen = [];
  health.addEventListener('buffer-health-sampled', (e) => seen.push(e.detail.health.snapshot()));
  health.sample({ nowMs: 0, expecting: true, positionIndex: 0, aheadSec: 3, heldToEndOfTrack: false, has: () => true });
  assert.deepEqual(seen, [{ level: BufferLevel.SILENT, aheadSec: 3, stalledMs: 0, outputOn: false, missing: 0, late: 0, recovered: 0 }]);
});
