// The browser client's real clock estimate (app/clock/) against a simulated server clock over a
// simulated path, in virtual time: the page clock drifts and starts far off, probes travel
// through a delay trace, and every 10 ms the estimate's offset is compared with the true one.

import { ServerClockEstimate } from '../app/clock/server-clock-estimate.js';
import { seededRandom } from './random.mjs';
import { VirtualTime } from './virtual-time.mjs';

const SERVER_EPOCH_MS = 1.76e12; // server clock at true time 0 (wall-clock milliseconds)
const SERVER_TURNAROUND_MS = 0.05; // server between reading t1 and t2
const JOIN_AT_MS = 1000; // true time the page joins (starts its estimate)
const EVERY_MS = 10;

/**
 * @param {import('./delay-traces.mjs').Trace} trace
 * @param {{seed: number, durationMs?: number}} options
 */
export async function simulate(trace, { seed, durationMs = 60_000 }) {
  const random = seededRandom(seed);
  const [lo, hi] = trace.driftPpm;
  const drift = (lo + (hi - lo) * random()) * 1e-6;
  const localAtZero = 100 + 5000 * random(); // performance.now() at true time 0
  const path = trace.make(random);
  const time = new VirtualTime(0);
  const localOf = (trueMs) => localAtZero + trueMs * (1 + drift);
  const trueOf = (localMs) => (localMs - localAtZero) / (1 + drift);
  const read = (trueMs) => Math.floor(localOf(trueMs) / trace.timerStepMs) * trace.timerStepMs;
  // Messages each way arrive in the order they were sent, as over one TCP connection.
  let lastUp = -Infinity;
  let lastDown = -Infinity;
  let probesSent = 0;
  const probe = () => new Promise((resolve) => {
    probesSent++;
    const sentAt = time.nowMs;
    const t0 = read(sentAt);
    const atServer = Math.max(sentAt + path.up(sentAt), lastUp);
    lastUp = atServer;
    const t1 = SERVER_EPOCH_MS + atServer;
    const t2 = t1 + SERVER_TURNAROUND_MS;
    const back = atServer + SERVER_TURNAROUND_MS;
    const arrives = Math.max(back + path.down(back), lastDown);
    lastDown = arrives;
    time.setTimeout(() => resolve({ t0, t1, t2, t3: read(arrives) }), arrives - sentAt);
  });
  const clock = new ServerClockEstimate(probe, {
    now: () => read(time.nowMs),
    timers: { setTimeout: time.setTimeout, clearTimeout: time.clearTimeout },
    onError: (e) => { throw e; },
  });
  const trueOffsetAt = (local) => SERVER_EPOCH_MS + trueOf(local) - local;
  let syncedAtMs = null;
  await time.runUntil(JOIN_AT_MS);
  clock.start().then(() => { syncedAtMs = time.nowMs - JOIN_AT_MS; });
  /** @type {{sinceJoinMs: number, errorMs: number}[]} */
  const errors = [];
  for (let t = JOIN_AT_MS; t <= JOIN_AT_MS + durationMs; t += EVERY_MS) {
    await time.runUntil(t);
    if (!clock.synced) continue;
    const local = localOf(t);
    const trueOffset = trueOffsetAt(local);
    errors.push({ sinceJoinMs: t - JOIN_AT_MS, errorMs: clock.filter.offsetAt(local) - trueOffset });
  }
  clock.stop();
  const end = localOf(JOIN_AT_MS + durationMs);
  return {
    seed,
    trueDriftPpm: (1 / (1 + drift) - 1) * 1e6, // slope of server-minus-local against local
    estimatedDriftPpm: clock.driftPpm,
    syncedAtMs,
    probesSent,
    resets: clock.filter.resets,
    uncertaintyMs: clock.filter.uncertaintyAt(end),
    asymmetryBoundMs: clock.asymmetryBoundMs,
    errors,
    trueOffsetAt,
  };
}
