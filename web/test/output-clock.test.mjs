import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OutputClock } from '../app/clock/output-clock.js';

// A device as Chromium reports it: context time c is heard at page time c * 1000 + offsetMs, and
// the stamp pairs a context time with when it is heard. Page time now: currentTime * 1000 +
// offsetMs - 20 (the 20 ms of output latency are still to come).
function device(offsetMs) {
  const context = { currentTime: 1, outputLatency: 0.02, offsetMs };
  context.now = () => context.currentTime * 1000 + context.offsetMs - 20;
  context.getOutputTimestamp = () => ({
    contextTime: context.currentTime - 0.02,
    performanceTime: context.offsetMs === null ? 0 : (context.currentTime - 0.02) * 1000 + context.offsetMs,
  });
  return context;
}

// A device as Firefox ESR 153 reports it: the stamp is "currentTime is rendered now", shifted back
// by the latency on both clocks, so it maps c to c * 1000 + offsetMs - latency; c is really
// heard at c * 1000 + offsetMs.
function firefoxDevice(offsetMs, latencySec = 0.045) {
  const context = { currentTime: 1, outputLatency: latencySec };
  context.now = () => context.currentTime * 1000 + offsetMs - latencySec * 1000;
  context.getOutputTimestamp = () => ({
    contextTime: context.currentTime - latencySec,
    performanceTime: context.now() - latencySec * 1000,
  });
  return context;
}

test('maps page time to context time through the output timestamps', () => {
  const context = device(4000);
  const clock = new OutputClock(context, { now: context.now });
  clock.sample();
  assert.equal(clock.contextTimeAt(6500), 2.5);
  assert.equal(clock.addedLatencyMs, 0, 'the stamps carry the latency');
});

test('where the timestamps leave the output latency out, the stated latency is added', () => {
  const context = firefoxDevice(4000);
  const clock = new OutputClock(context, { now: context.now });
  for (let i = 0; i < 9; i++) clock.sample();
  assert.equal(clock.addedLatencyMs, 45);
  assert.ok(Math.abs(clock.contextTimeAt(6500) - 2.5) < 1e-9, 'context time 2.5 is heard at page time 6500');
});

test('a single late reading does not move the mapping; a lasting change does', () => {
  const context = device(4000);
  const clock = new OutputClock(context, { now: context.now });
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
