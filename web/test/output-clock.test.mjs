import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OutputClock } from '../app/clock/output-clock.js';

function device(offsetMs) {
  const context = { currentTime: 1, outputLatency: 0.02, offsetMs };
  context.getOutputTimestamp = () => ({
    contextTime: context.currentTime,
    performanceTime: context.offsetMs === null ? 0 : context.currentTime * 1000 + context.offsetMs,
  });
  return context;
}

test('maps page time to context time through the output timestamps', () => {
  const context = device(4000);
  const clock = new OutputClock(context);
  clock.sample();
  assert.equal(clock.contextTimeAt(6500), 2.5);
});

test('a single late reading does not move the mapping; a lasting change does', () => {
  const context = device(4000);
  const clock = new OutputClock(context);
  for (let i = 0; i < 9; i++) clock.sample();
  context.offsetMs = 4015;
  clock.sample();
  assert.equal(clock.contextTimeAt(6500), 2.5, 'spike ignored');
  for (let i = 0; i < 5; i++) clock.sample();
  assert.equal(clock.contextTimeAt(6515), 2.5, 'new latency adopted');
});

test('before the device reports, it assumes now plus the stated output latency', () => {
  const context = device(null);
  const clock = new OutputClock(context, { now: () => 10_000 });
  assert.ok(Math.abs(clock.contextTimeAt(10_500) - (1 + 0.5 + 0.02)) < 1e-9);
});
