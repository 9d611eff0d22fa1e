// Figures of simulated runs: offset error p50/p95/max per stretch of time since the join, the
// bias (median signed error) once converged, drift found against drift true.

const STRETCHES_SEC = [[0, 1], [1, 2], [2, 5], [5, 10], [10, 30], [30, 60], [2, 60]];

/** Nearest-rank percentile of sorted values. @param {number[]} sorted @param {number} p */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * @param {import('./delay-traces.mjs').Trace} trace
 * @param {Awaited<ReturnType<typeof import('./simulate.mjs').simulate>>[]} runs
 */
export function summarize(trace, runs) {
  const stretches = STRETCHES_SEC.map(([from, to]) => {
    const signed = runs.flatMap((r) => r.errors)
      .filter((e) => e.sinceJoinMs >= from * 1000 && e.sinceJoinMs < to * 1000).map((e) => e.errorMs);
    // Against the path's own bias: what the estimate gets wrong beyond what it cannot see.
    const abs = signed.map((e) => Math.abs(e - trace.pathBiasMs)).sort((a, b) => a - b);
    const sortedSigned = [...signed].sort((a, b) => a - b);
    return {
      fromSec: from,
      toSec: to,
      samples: abs.length,
      p50Ms: round(percentile(abs, 50)),
      p95Ms: round(percentile(abs, 95)),
      maxMs: round(abs[abs.length - 1] ?? NaN),
      medianSignedErrorMs: round(percentile(sortedSigned, 50)),
    };
  });
  const driftErrors = runs.map((r) => Math.abs(r.estimatedDriftPpm - r.trueDriftPpm)).sort((a, b) => a - b);
  return {
    trace: trace.name,
    description: trace.description,
    runs: runs.length,
    pathBiasMs: trace.pathBiasMs,
    errorMeasuredAgainst: trace.pathBiasMs === 0 ? 'true offset' : `true offset + ${trace.pathBiasMs} ms (the path's bias)`,
    stretches,
    after2s: stretches[stretches.length - 1],
    driftErrorPpm: { p50: round(percentile(driftErrors, 50)), max: round(driftErrors[driftErrors.length - 1]) },
    estimatedDriftPpm: runs.map((r) => round(r.estimatedDriftPpm)),
    trueDriftPpm: runs.map((r) => round(r.trueDriftPpm)),
    syncedAtMsMax: round(Math.max(...runs.map((r) => r.syncedAtMs ?? Infinity)), 0),
    probesPerRun: round(runs.reduce((a, r) => a + r.probesSent, 0) / runs.length, 0),
    resets: runs.reduce((a, r) => a + r.resets, 0),
    reportedUncertaintyMsP50: round(percentile(runs.map((r) => r.uncertaintyMs).sort((a, b) => a - b), 50)),
    reportedAsymmetryBoundMsP50: round(percentile(runs.map((r) => r.asymmetryBoundMs).sort((a, b) => a - b), 50)),
  };
}
