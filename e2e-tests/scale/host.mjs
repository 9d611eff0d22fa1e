// The host process (forked by run-scale.mjs): creates the room, announces a synthetic track
// at ~130 kbit/s and plays it on request; reports its invite and the bytes it uploaded.

import { HostEvent } from '../../web/app/roles/host.js';
import { SessionEvent } from '../../web/app/room/session.js';
import { startMember } from './member.mjs';

let host = null;

process.on('message', async (msg) => {
  if (msg.cmd === 'start') {
    host = await startMember({ serverUrl: msg.serverUrl, host: true, chunkSec: msg.chunkSec });
    const invite = await new Promise((resolve) => {
      if (host.session.inviteUrl) resolve(host.session.inviteUrl);
      host.session.addEventListener(SessionEvent.INVITE, (e) => resolve(e.detail.inviteUrl), { once: true });
    });
    await new Promise((r) => setTimeout(r, 300));
    const ready = new Promise((resolve) => host.role.addEventListener(HostEvent.READY, resolve, { once: true }));
    host.role.load({ name: 'synthetic.wav', size: 0, arrayBuffer: async () => new ArrayBuffer(0) });
    await ready;
    process.send({ cmd: 'started', invite: new URL(invite).searchParams.get('invite'), peerId: host.session.peerId });
  } else if (msg.cmd === 'play') {
    while (!host.session.clock.synced) await new Promise((r) => setTimeout(r, 50));
    host.role.play();
    process.send({ cmd: 'playing', at: Date.now(), bytesSent: host.bytesSent, chunkSec: host.role.chunkSec,
      chunkEnvelopeBytes: host.role.streamer.source?.chunk(0)?.byteLength ?? null });
  } else if (msg.cmd === 'report') {
    process.send({ cmd: 'report', peerId: host.session.peerId, bytesSent: host.bytesSent,
      downstreamLinks: host.links.openDownstreamCount, problems: host.problems.snapshot() });
  } else if (msg.cmd === 'exit') {
    host?.close();
    setTimeout(() => process.exit(0), 200);
  }
});
// The orchestrator gone (crashed or killed), this process goes too: left running, its listeners
// would keep streaming to each other and load the machine for the next run.
process.on('disconnect', () => process.exit(1));
process.send({ cmd: 'ready' });
