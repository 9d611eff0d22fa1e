import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DriftFit } from '../app/clock/drift-fit.js';
import { bestOf, probeSample } from '../app/clock/probe.js';
import { ServerClockEstimate } from '../app/clock/server-clock-estimate.js';

test('a symmetric probe yields the exact offset and the pure network round trip', () => {
  // Server is 5000 ms ahead; 2 ms each way; server spends 0.5 ms between read and reply.
  const s = probeSample({ t0: 100, t1: 5102, t2: 5102.5, t3: 104.5 });
  assert.equal(s.offset, 5000);
  assert.equal(s.rtt, 4);
  assert.equal(s.local, 102.25);
});

test('the least delayed probe of a burst wins', () => {
  const best = bestOf([{ rtt: 9, offset: 1 }, { rtt: 2, offset: 2 }, { rtt: 5, offset: 3 }]);
  assert.equal(best.offset, 2);
});

test('estimator follows a clock drifting 100 ppm to well under a millisecond', () => {
  const estimator = new DriftFit();
  const trueOffset = (local) => 12_345 + local * 100e-6;
  for (let local = 0; local <= 40_000; local += 2000) {
    const jitter = ((local / 2000) % 3 - 1) * 0.1;
    estimator.add({ local, offset: trueOffset(local) + jitter, rtt: 1 });
  }
  const at = 42_000;
  assert.ok(Math.abs(estimator.offsetAt(at) - trueOffset(at)) < 0.2, `error ${estimator.offsetAt(at) - trueOffset(at)}`);
  assert.ok(Math.abs(estimator.driftPpm - 100) < 10, `drift ${estimator.driftPpm}`);
});

test('estimator ignores probes delayed by queueing', () => {
  const estimator = new DriftFit();
  for (let i = 0; i < 10; i++) estimator.add({ local: i * 2000, offset: 500, rtt: 1 });
  estimator.add({ local: 20_000, offset: 540, rtt: 80 });
  assert.ok(Math.abs(estimator.offsetAt(20_000) - 500) < 0.01);
});

test('server clock converts both ways against a simulated skewed browser clock', async () => {
  let local = 1000;
  const serverOf = (l) => l * 1.0001 + 7_000;
  const probe = async () => {
    const t0 = local;
    local += 1;
    const t1 = serverOf(local);
    const t2 = t1 + 0.1;
    local += 1.1;
    return { t0, t1, t2, t3: local };
  };
  const clock = new ServerClockEstimate(probe, { now: () => local, burstSize: 3 });
  await clock.burst(3, 0);
  assert.ok(clock.synced);
  assert.ok(Math.abs(clock.serverNow() - serverOf(local)) < 0.1);
  const target = clock.serverNow() + 1500;
  assert.ok(Math.abs(clock.toServer(clock.toLocal(target)) - target) < 1e-6, 'toLocal inverts toServer');
  // One burst knows no drift yet: 1.5 s ahead, 100 ppm is worth 0.15 ms.
  assert.ok(Math.abs(serverOf(clock.toLocal(target)) - target) < 0.2);
});

test('a few noisy bursts do not invent a drift, and drift is capped at a plausible rate', () => {
  const early = new DriftFit();
  early.add({ local: 0, offset: 105, rtt: 4 });
  early.add({ local: 2000, offset: 100, rtt: 4 });
  early.add({ local: 4000, offset: 95, rtt: 4 });
  // A fitted line would claim -2500 ppm and be 5 ms off two seconds later.
  assert.equal(early.offsetAt(6000), 100);

  const wild = new DriftFit();
  for (let i = 0; i <= 10; i++) wild.add({ local: i * 2000, offset: i * 20, rtt: 1 }); // 10000 ppm
  assert.ok(Math.abs(wild.driftPpm - 500) < 1, `drift ${wild.driftPpm}`);
});

test('before the first probe returns, the clock is not synced and claims no offset', () => {
  const estimator = new DriftFit();
  assert.equal(estimator.ready, false);
  assert.equal(estimator.offsetAt(1234), 0);
  const clock = new ServerClockEstimate(async () => new Promise(() => {}), { now: () => 50 });
  assert.equal(clock.synced, false);
  assert.equal(clock.serverNow(), 50);
});

test('the first burst keeps the best of its probes, and a probe failure worth retrying is retried', async () => {
  let local = 0;
  let calls = 0;
  // Server 200 ms ahead. Probe 2 is delayed 30 ms on the way back (its offset reads 15 ms low);
  // probe 1 fails as a dropped connection would.
  const probe = async () => {
    calls++;
    if (calls === 1) throw Object.assign(new Error('connection dropped'), { retryable: true });
    const delayBack = calls === 3 ? 30 : 0;
    const t0 = local;
    const t1 = local + 1 + 200;
    local += 2 + delayBack;
    return { t0, t1, t2: t1, t3: local };
  };
  const clock = new ServerClockEstimate(probe, {
    now: () => local, burstSize: 3, resyncMs: 60_000, isRetryable: (e) => e.retryable === true, onError: () => {},
  });
  await clock.start();
  clock.stop();
  assert.equal(calls, 4, 'one failed probe, then a full burst of three');
  assert.ok(clock.synced);
  assert.equal(clock.lastRtt, 2, 'the delayed probe was not the one kept');
  assert.ok(Math.abs(clock.serverNow() - (local + 200)) < 1e-9);
});

test('a probe failure that is a bug is not retried: start() rejects with it', async () => {
  let calls = 0;
  const heard = [];
  const clock = new ServerClockEstimate(async () => {
    calls++;
    throw new TypeError('probe is broken');
  }, { isRetryable: () => false, onError: (e, phase) => heard.push(`${phase}: ${e.message}`) });
  await assert.rejects(clock.start(), /probe is broken/);
  assert.equal(calls, 1);
  assert.equal(clock.synced, false);
  assert.deepEqual(heard, ['first: probe is broken'], 'the failure is heard, not swallowed');
});
