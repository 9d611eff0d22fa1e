// The page's clock estimate against a simulated server over simulated paths (web/clock-sim/),
// in virtual time: 24 seeded runs of 60 s per path, each a page joining cold (a late joiner),
// its clock drifting up to ±50 ppm. Deterministic: the same traces every run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRACES } from '../clock-sim/delay-traces.mjs';
import { summarize } from '../clock-sim/report.mjs';
import { simulate } from '../clock-sim/simulate.mjs';

const RUNS = 24;

async function figures(name) {
  const trace = TRACES[name];
  const runs = [];
  for (let seed = 1; seed <= RUNS; seed++) runs.push(await simulate(trace, { seed, durationMs: 60_000 }));
  return { summary: summarize(trace, runs), runs };
}

test('under 40 ms round trips with ±15 ms one-way jitter and a heavy tail, a late joiner is within 3 ms (p95) from 2 s on', async () => {
  const { summary, runs } = await figures('jitter');
  assert.ok(summary.after2s.p95Ms <= 3, `p95 ${summary.after2s.p95Ms} ms`);
  assert.ok(summary.after2s.p50Ms <= 1.5, `p50 ${summary.after2s.p50Ms} ms`);
  assert.ok(summary.syncedAtMsMax < 1500, `first burst in after ${summary.syncedAtMsMax} ms`);
  for (const r of runs) assert.ok(Math.abs(r.estimatedDriftPpm - r.trueDriftPpm) < 100, `seed ${r.seed}: drift ${r.estimatedDriftPpm} vs ${r.trueDriftPpm}`);
});

test('on a 60 ms / 5 ms asymmetric path the estimate is off by half the asymmetry, and says it may be', async () => {
  const { summary, runs } = await figures('asymmetric');
  // Errors are measured against true offset + 27.5 ms: what two-way probes cannot see.
  assert.equal(summary.pathBiasMs, 27.5);
  assert.ok(summary.after2s.p95Ms <= 1, `p95 beyond the bias ${summary.after2s.p95Ms} ms`);
  assert.ok(Math.abs(summary.after2s.medianSignedErrorMs - 27.5) <= 1, `bias ${summary.after2s.medianSignedErrorMs} ms`);
  for (const r of runs) assert.ok(r.asymmetryBoundMs >= 27.5, `seed ${r.seed}: bound ${r.asymmetryBoundMs} ms`);
});

test('drift is followed, not pinned at a cap: a page clock 1000 ppm off is tracked', async () => {
  const { summary, runs } = await figures('fast-drift');
  for (const r of runs) assert.ok(Math.abs(r.estimatedDriftPpm - r.trueDriftPpm) < 100, `seed ${r.seed}: drift ${r.estimatedDriftPpm} vs ${r.trueDriftPpm}`);
  assert.ok(summary.stretches.find((s) => s.fromSec === 30).p95Ms <= 4, 'converged by 30 s');
});

test('with a 1 ms page timer the estimate still converges, on a jittery path and on loopback with zero and negative round trips', async () => {
  const jittery = (await figures('coarse-timer')).summary;
  assert.ok(jittery.after2s.p95Ms <= 3, `jittery p95 ${jittery.after2s.p95Ms} ms`);
  const loopback = await figures('coarse-loopback');
  assert.ok(loopback.summary.after2s.maxMs <= 1.5, `loopback max ${loopback.summary.after2s.maxMs} ms`);
  assert.equal(loopback.summary.resets, 0);
  for (const r of loopback.runs) assert.ok(Math.abs(r.estimatedDriftPpm - r.trueDriftPpm) < 20, `seed ${r.seed}: drift ${r.estimatedDriftPpm}`);
});
