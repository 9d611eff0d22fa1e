// One NTP-style time probe and the choice among a burst of them.
// RFC 5905 §8 (on-wire protocol): with t0/t3 the client's send/receive times and t1/t2 the
// server's receive/send times, offset θ = ((t1 - t0) + (t2 - t3)) / 2 and round-trip delay
// δ = (t3 - t0) - (t2 - t1). The error of θ is bounded by δ/2, so the least delayed probe of
// a burst is the best one (RFC 5905 §10, clock filter).

/**
 * @typedef {{t0: number, t1: number, t2: number, t3: number}} ProbeTimes
 * @typedef {{local: number, offset: number, rtt: number}} ClockSample
 */

/**
 * At local time `local` the server was `offset` ms ahead, measured with round trip `rtt` ms.
 * @param {ProbeTimes} times
 * @returns {ClockSample}
 */
export function probeSample({ t0, t1, t2, t3 }) {
  return {
    local: (t0 + t3) / 2,
    offset: ((t1 - t0) + (t2 - t3)) / 2,
    rtt: (t3 - t0) - (t2 - t1),
  };
}

/**
 * The probe of a burst least disturbed by queueing: the one with the smallest round trip.
 * @param {ClockSample[]} samples
 * @returns {ClockSample | null}
 */
export function bestOf(samples) {
  return samples.reduce((best, s) => (best === null || s.rtt < best.rtt ? s : best), null);
}

/**
 * The `count` fastest probes of a burst (smallest round trips), in the order they were taken.
 * @param {ClockSample[]} samples
 * @param {number} count
 * @returns {ClockSample[]}
 */
export function fastestOf(samples, count) {
  const kept = new Set([...samples].sort((a, b) => a.rtt - b.rtt).slice(0, Math.max(1, count)));
  return samples.filter((s) => kept.has(s));
}
