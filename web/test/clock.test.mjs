import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OffsetFilter } from '../app/clock/offset-filter.js';
import { bestOf, fastestOf, probeSample } from '../app/clock/probe.js';
import { RttFloor } from '../app/clock/rtt-floor.js';
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

test('the fastest probes of a burst are kept, in the order they were taken', () => {
  const burst = [{ rtt: 9, local: 1 }, { rtt: 2, local: 2 }, { rtt: 5, local: 3 }, { rtt: 3, local: 4 }];
  assert.deepEqual(fastestOf(burst, 2).map((s) => s.local), [2, 4]);
  assert.deepEqual(fastestOf(burst, 0).map((s) => s.local), [2], 'at least one');
});

test('the round-trip floor is the fastest of the window and forgets what aged out', () => {
  const floor = new RttFloor(10_000);
  assert.equal(floor.minMs, Infinity);
  floor.observe(0, 5);
  floor.observe(1000, 9);
  assert.equal(floor.minMs, 5);
  floor.observe(12_000, 8);
  assert.equal(floor.minMs, 8, 'the 5 ms probe is older than the window');
});

test('filter follows a clock drifting 100 ppm to well under a millisecond', () => {
  const filter = new OffsetFilter();
  const trueOffset = (local) => 12_345 + local * 100e-6;
  for (let local = 0; local <= 40_000; local += 2000) {
    const jitter = ((local / 2000) % 3 - 1) * 0.1;
    filter.add({ local, offset: trueOffset(local) + jitter, rtt: 1 });
  }
  const at = 42_000;
  assert.ok(Math.abs(filter.offsetAt(at) - trueOffset(at)) < 0.2, `error ${filter.offsetAt(at) - trueOffset(at)}`);
  assert.ok(Math.abs(filter.driftPpm - 100) < 10, `drift ${filter.driftPpm}`);
  assert.ok(filter.uncertaintyAt(at) < 0.5, `uncertainty ${filter.uncertaintyAt(at)}`);
});

test('a probe delayed by queueing barely moves the estimate', () => {
  const filter = new OffsetFilter();
  for (let i = 0; i < 10; i++) filter.add({ local: i * 2000, offset: 500, rtt: 1 });
  filter.add({ local: 20_000, offset: 530, rtt: 80 }); // inside its ±40 ms window: no reset
  assert.equal(filter.resets, 0);
  assert.ok(Math.abs(filter.offsetAt(20_000) - 500) < 0.1, `offset ${filter.offsetAt(20_000)}`);
});

test('drift is whatever the probes say, far beyond what oscillators usually do: no cap', () => {
  const filter = new OffsetFilter();
  for (let i = 0; i <= 30; i++) filter.add({ local: i * 2000, offset: i * 20, rtt: 1 }); // 10,000 ppm
  assert.ok(Math.abs(filter.driftPpm - 10_000) < 100, `drift ${filter.driftPpm}`);
  assert.ok(Math.abs(filter.offsetAt(62_000) - 620) < 1, `offset ${filter.offsetAt(62_000)}`);
});

test('an estimate outside a probe\'s own window is dropped for the probe (the server clock stepped)', () => {
  const filter = new OffsetFilter();
  for (let i = 0; i < 10; i++) filter.add({ local: i * 1000, offset: 500, rtt: 2 });
  filter.add({ local: 10_000, offset: 800, rtt: 2 }); // the true offset is within 800 ± 1
  assert.equal(filter.resets, 1);
  assert.ok(Math.abs(filter.offsetAt(10_000) - 800) < 1, `offset ${filter.offsetAt(10_000)}`);
  for (let i = 11; i < 20; i++) filter.add({ local: i * 1000, offset: 800, rtt: 2 });
  assert.ok(Math.abs(filter.driftPpm) < 50, `drift relearned, ${filter.driftPpm} ppm`);
});

test('zero and negative round trips from a 1 ms timer are taken, not broken on', () => {
  const filter = new OffsetFilter();
  const rtts = [0, -0.05, 1, 0, -0.05, 0.95];
  rtts.forEach((rtt, i) => filter.add({ local: i * 500, offset: 40 + (i % 2) * 0.5, rtt }));
  assert.equal(filter.resets, 0);
  assert.ok(Number.isFinite(filter.offsetAt(3000)) && Math.abs(filter.offsetAt(3000) - 40.25) < 0.5);
  assert.equal(filter.asymmetryBoundMs, 0);
  filter.add({ local: 4000, offset: NaN, rtt: 1 });
  assert.ok(Number.isFinite(filter.offsetAt(4000)), 'a broken probe is ignored');
});

test('the asymmetry bound is half the fastest round trip', () => {
  const filter = new OffsetFilter();
  filter.add({ local: 0, offset: 10, rtt: 70 });
  filter.add({ local: 10, offset: 10, rtt: 65 });
  assert.equal(filter.asymmetryBoundMs, 32.5);
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

test('before the first probe returns, the clock is not synced and claims no offset', () => {
  const filter = new OffsetFilter();
  assert.equal(filter.ready, false);
  assert.equal(filter.offsetAt(1234), 0);
  assert.equal(filter.uncertaintyAt(1234), Infinity);
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

test('a quiet path keeps the light schedule; a wide-area, jittery one probes more while unsure', async () => {
  const { VirtualTime } = await import('../clock-sim/virtual-time.mjs');
  const probesIn2600ms = async (oneWayMs) => {
    const time = new VirtualTime(0);
    let n = 0;
    const probe = () => new Promise((resolve) => {
      n++;
      const t0 = time.nowMs;
      const up = oneWayMs(n, true);
      const total = up + oneWayMs(n, false);
      time.setTimeout(() => resolve({ t0, t1: 9000 + t0 + up, t2: 9000 + t0 + up, t3: t0 + total }), total);
    });
    const clock = new ServerClockEstimate(probe, { now: () => time.nowMs, timers: time });
    clock.start();
    await time.runUntil(2600);
    clock.stop();
    return n;
  };
  assert.equal(await probesIn2600ms(() => 0.2), 12 + 4, 'loopback: the first burst and one resync of 4 at 2 s');
  // 20 ms each way plus up to 15 ms of queueing, lopsided: the estimate stays unsure.
  const jittery = await probesIn2600ms((n, up) => 20 + ((n * 7919 + (up ? 0 : 3)) % 16));
  // The first burst (12 × ~57 ms) ends at ~0.7 s, an 8-probe burst 0.5 s later, the next at ~2.2 s.
  assert.ok(jittery >= 12 + 8 + 1, `jittery: ${jittery} probes`);
});

test('a path whose jitter is symmetric is told from one whose queueing is one-sided by how its fastest probes agree', async () => {
  const { seededRandom, gaussian, exponential } = await import('../clock-sim/random.mjs');
  const random = seededRandom(7);
  const burstOf = (way) => Array.from({ length: 8 }, (_, i) => {
    const up = way(true);
    const down = way(false);
    return { local: i, rtt: up + down, offset: 1000 + (down - up) / 2 };
  });
  const symmetric = new ServerClockEstimate(async () => { throw new Error('not used'); });
  const oneSided = new ServerClockEstimate(async () => { throw new Error('not used'); });
  for (let b = 0; b < 20; b++) {
    symmetric.noteFastPair(burstOf(() => Math.max(0.5, 40 + 15 * gaussian(random))));
    oneSided.noteFastPair(burstOf(() => 5 + exponential(random, 15)));
  }
  assert.equal(symmetric.symmetricJitter, true, `symmetric: ratio ${symmetric.fastPairRatio}`);
  assert.equal(oneSided.symmetricJitter, false, `one-sided: ratio ${oneSided.fastPairRatio}`);
  assert.equal(new ServerClockEstimate(async () => ({})).symmetricJitter, false, 'until shown, the fastest are the good ones');
});
