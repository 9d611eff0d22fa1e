#!/usr/bin/env node
// Clock-only simulation of the browser client's server-clock estimate (web/clock-sim/): every
// trace of web/clock-sim/delay-traces.mjs, RUNS seeds of SECONDS each, offset error p50/p95/max
// per stretch since the join. Prints a table and writes JSON.
//   node scripts/clock-sim.mjs [out.json] [runs=16] [seconds=60] [trace...]
// (./run-benchmark --clock runs it.)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { TRACES } from '../web/clock-sim/delay-traces.mjs';
import { summarize } from '../web/clock-sim/report.mjs';
import { simulate } from '../web/clock-sim/simulate.mjs';

const [out = 'e2e-tests/target/clock-benchmark.json', runsArg = '16', secondsArg = '60', ...names] = process.argv.slice(2);
const runs = Number(runsArg);
const seconds = Number(secondsArg);
const chosen = names.length > 0 ? names : Object.keys(TRACES);
for (const name of chosen) if (!TRACES[name]) throw new Error(`no trace ${name}; traces: ${Object.keys(TRACES).join(', ')}`);

const results = [];
for (const name of chosen) {
  const trace = TRACES[name];
  const all = [];
  for (let seed = 1; seed <= runs; seed++) all.push(await simulate(trace, { seed, durationMs: seconds * 1000 }));
  const s = summarize(trace, all);
  results.push(s);
  console.log(`${name}: ${trace.description}`);
  console.log(`  offset error (${s.errorMeasuredAgainst}), ${runs} runs of ${seconds} s:`);
  for (const st of s.stretches) {
    console.log(`    ${String(st.fromSec).padStart(2)}-${String(st.toSec).padEnd(2)} s  p50 ${st.p50Ms.toFixed(2)}  p95 ${st.p95Ms.toFixed(2)}  max ${st.maxMs.toFixed(2)} ms  (median signed ${st.medianSignedErrorMs.toFixed(2)} ms)`);
  }
  console.log(`  drift error p50 ${s.driftErrorPpm.p50} / max ${s.driftErrorPpm.max} ppm; synced within ${s.syncedAtMsMax} ms; ${s.probesPerRun} probes a run; ${s.resets} resets; reported uncertainty ${s.reportedUncertaintyMsP50} ms, asymmetry bound ${s.reportedAsymmetryBoundMsP50} ms`);
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ when: new Date().toISOString(), runs, seconds, traces: results }, null, 2));
console.log(`written ${out}`);
