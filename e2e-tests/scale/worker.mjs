// A process holding many listeners (forked by run-scale.mjs). Joins them at a bounded rate
// (link setups in flight cost file descriptors: 20,000 per process at most), then answers the
// orchestrator: 'report' sends what each listener saw, 'close' makes some leave cleanly.

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startMember } from './member.mjs';

/** How late this process's event loop ran (a busy loop delays every listener in it). */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

const JOIN_GAP_MS = 40;
/** Members leaving mid-run tear their peer connections down this long after, one every gap. */
const LEAVER_TEARDOWN_MS = 3000;
const LEAVER_TEARDOWN_GAP_MS = 500;

// SCALE_DEBUG: every stall of this process's event loop over 300 ms, with when it ended.
if (process.env.SCALE_DEBUG) {
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > 350) console.error(`  .. pid ${process.pid}: event loop stalled ${Math.round(now - last - 50)} ms until ${new Date().toISOString().slice(11, 23)}`);
    last = now;
  }, 50).unref();
}

const members = new Map(); // name -> member

process.on('message', async (msg) => {
  if (msg.cmd === 'join') {
    for (let i = 0; i < msg.count; i++) {
      const name = `${msg.prefix}-${i}`;
      startMember({ serverUrl: msg.serverUrl, invite: msg.invite, relay: msg.relay })
        .then((m) => members.set(name, m))
        .catch((e) => process.send({ cmd: 'error', name, error: String(e) }));
      await new Promise((r) => setTimeout(r, msg.gapMs ?? JOIN_GAP_MS));
    }
    const deadline = Date.now() + 60_000;
    while (members.size < msg.count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    process.send({ cmd: 'joined', count: members.size });
  } else if (msg.cmd === 'who') {
    process.send({ cmd: 'who', members: [...members].map(([name, m]) => ({
      name, peerId: m.session.peerId, upstream: m.session.upstreamPeerId, feeds: [...m.session.feeds],
    })) });
  } else if (msg.cmd === 'close') {
    const leaving = [...members].filter(([, m]) => msg.peerIds.includes(m.session.peerId));
    const closingAt = Date.now(); // the moment these members are lost to their children
    // Tabs closing at once each tell the server on their own: every socket closes before any
    // member's slow peer-connection teardown, which here would hold up the next member's socket.
    for (const [, m] of leaving) m.signaling.close();
    leaving.forEach(([name, m], k) => {
      // Silent at once; torn down one member at a time once the tree has healed (member.mjs).
      m.close({ teardownAfterMs: LEAVER_TEARDOWN_MS + k * LEAVER_TEARDOWN_GAP_MS });
      members.delete(name);
    });
    process.send({ cmd: 'closed', at: closingAt });
  } else if (msg.cmd === 'report') {
    process.send({ cmd: 'report',
      process: { pid: process.pid, loopDelayMs: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 } },
      members: [...members].map(([name, m]) => ({
      name,
      peerId: m.session.peerId,
      upstream: m.session.upstreamPeerId,
      bytesSent: m.bytesSent,
      leads: m.recorder.leads(),
      upstreamChanges: m.upstreamChanges,
      feedSteps: m.feedSteps,
      problems: m.problems.snapshot(),
      envelopes: m.role?.counts ?? null,
      // its peer connections now: links (standby ones among them) and spare offers made
      connections: m.links.links.size + (m.links.spare?.ready?.length ?? 0),
      standbyLinks: [...m.links.links.values()].filter((l) => l.standby).length,
    })) });
  } else if (msg.cmd === 'exit') {
    for (const m of members.values()) m.close();
    setTimeout(() => process.exit(0), 200);
  }
});
// The orchestrator gone (crashed or killed), this process goes too: left running, its listeners
// would keep streaming to each other and load the machine for the next run.
process.on('disconnect', () => process.exit(1));
process.send({ cmd: 'ready' });
