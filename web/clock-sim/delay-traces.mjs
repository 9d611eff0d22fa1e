// One-way delays of the simulated paths between a page and the server, drawn from seeded
// generators (the same trace on every run). Each trace makes, for one run, `up(atMs)` (page to
// server) and `down(atMs)` (server to page): the delay in ms of a message sent at true time atMs.

import { exponential, gaussian } from './random.mjs';

/**
 * Queueing as real paths have it: a fixed path delay plus a one-sided, heavy-tailed wait.
 * Per direction 5 ms + exponential (mean 15 ms): 20 ms ± 15 ms, so the round trip is 40 ms with
 * ±21 ms of jitter; 3% of messages wait longer (Pareto from 20 ms, α 1.5, up to 1 s); and about
 * every 15 s one direction is congested for 1.5 s (+20-60 ms on every message).
 * @param {() => number} random
 */
function heavyTailedQueue(random) {
  const episodes = [];
  for (let at = exponential(random, 15_000); at < 600_000; at += exponential(random, 15_000)) {
    episodes.push({ from: at, to: at + 1500, up: random() < 0.5, extraMs: 20 + 40 * random() });
  }
  const oneWay = (atMs, up) => {
    let d = 5 + exponential(random, 15);
    if (random() < 0.03) d += Math.min(1000, 20 / Math.pow(1 - random(), 1 / 1.5));
    for (const e of episodes) if (e.up === up && atMs >= e.from && atMs < e.to) d += e.extraMs;
    return d;
  };
  return { up: (atMs) => oneWay(atMs, true), down: (atMs) => oneWay(atMs, false) };
}

/**
 * @typedef {{name: string, description: string, make: (random: () => number) =>
 *   {up: (atMs: number) => number, down: (atMs: number) => number},
 *   timerStepMs: number, driftPpm: [number, number], pathBiasMs: number}} Trace
 *   pathBiasMs: half the difference of the fixed path delays (up minus down), the bias no
 *   two-way probe can see
 */

/** @type {Record<string, Trace>} */
export const TRACES = {
  jitter: {
    name: 'jitter',
    description: 'symmetric: 20 ms ± 15 ms each way (round trip 40 ± 21 ms), heavy tail, congestion episodes; page timer 0.1 ms',
    make: heavyTailedQueue,
    timerStepMs: 0.1,
    driftPpm: [-50, 50],
    pathBiasMs: 0,
  },
  asymmetric: {
    name: 'asymmetric',
    description: 'asymmetric: 60 ms up, 5 ms down, each + exponential 1 ms; page timer 0.1 ms',
    make: (random) => ({ up: () => 60 + exponential(random, 1), down: () => 5 + exponential(random, 1) }),
    timerStepMs: 0.1,
    driftPpm: [-50, 50],
    pathBiasMs: (60 - 5) / 2,
  },
  'coarse-timer': {
    name: 'coarse-timer',
    description: 'the jitter trace read with a 1 ms page timer (Firefox without cross-origin isolation)',
    make: heavyTailedQueue,
    timerStepMs: 1,
    driftPpm: [-50, 50],
    pathBiasMs: 0,
  },
  'coarse-loopback': {
    name: 'coarse-loopback',
    description: 'loopback (0.1 ms + exponential 0.05 ms each way) read with a 1 ms page timer: zero and negative round trips',
    make: (random) => ({ up: () => 0.1 + exponential(random, 0.05), down: () => 0.1 + exponential(random, 0.05) }),
    timerStepMs: 1,
    driftPpm: [-50, 50],
    pathBiasMs: 0,
  },
  'fast-drift': {
    name: 'fast-drift',
    description: 'the jitter trace with the page clock 1000 ppm off (twice the old fit\'s cap)',
    make: heavyTailedQueue,
    timerStepMs: 0.1,
    driftPpm: [1000, 1000],
    pathBiasMs: 0,
  },
  'gaussian-jitter': {
    name: 'gaussian-jitter',
    description: 'the network shaper\'s profile delay=40ms jitter=15ms each way (normal, in order as TCP delivers): a fast round trip says nothing of its asymmetry here, only averaging helps',
    make: (random) => {
      const way = () => Math.max(0.5, 40 + 15 * gaussian(random));
      return { up: way, down: way };
    },
    timerStepMs: 0.1,
    driftPpm: [-50, 50],
    pathBiasMs: 0,
  },
};
