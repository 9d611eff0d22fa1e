// What one WebRTC data-channel link costs this machine in CPU through @roamhq/wrtc, the stack
// the scale test's listeners run on: idle (per peer connection: ICE checks, timers) and per
// message sent (both ends: the send, the receive, the thread hops between JS and the WebRTC
// threads, SCTP and DTLS). Measured in this process before anything else runs, with both ends of
// each link here, as in the scale test. From these and a run's own counts the scale test states
// the CPU its links alone need, so a run that falls apart on a small machine says why.

import wrtc from '@roamhq/wrtc';
import { AUDIO_CHANNEL_INIT } from '../../web/app/links/peer-links.js';
import { AUDIO_CHANNEL_LABEL } from '../../web/app/protocol.js';

const PAIRS = 40;
const MESSAGE_BYTES = 4084; // a 0.25 s chunk's signed envelope at 128 kbit/s, as machine-speed.mjs
const MESSAGES_PER_SEC = 8; // per link: enough to measure, within what a link carries in a room
const MEASURE_MS = 4000;

async function linkPair() {
  const a = new wrtc.RTCPeerConnection({ iceServers: [] });
  const b = new wrtc.RTCPeerConnection({ iceServers: [] });
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate).catch(() => {});
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate).catch(() => {});
  // The room's own audio channel, pre-negotiated at both ends (links/peer-links.js).
  const send = a.createDataChannel(AUDIO_CHANNEL_LABEL, { ...AUDIO_CHANNEL_INIT });
  const receive = b.createDataChannel(AUDIO_CHANNEL_LABEL, { ...AUDIO_CHANNEL_INIT });
  const open = new Promise((resolve) => { send.onopen = resolve; });
  let received = 0;
  receive.onmessage = () => { received++; };
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
  await open;
  return { close: () => { a.close(); b.close(); }, send, received: () => received };
}

/** CPU of this process, in cores, over `ms` while `during` runs. */
async function coresOver(ms, during = () => null) {
  const timer = during();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const used = process.cpuUsage(cpu0);
  const cores = (used.user + used.system) / 1000 / (performance.now() - t0);
  if (timer) clearInterval(timer);
  return cores;
}

/**
 * @returns {Promise<{idleMsPerSecPerConnection: number, cpuUsPerMessage: number, messagesDelivered: number}>}
 *   `idleMsPerSecPerConnection`: CPU ms per second one open, silent peer connection costs;
 *   `cpuUsPerMessage`: CPU µs one message costs, sender and receiver together
 */
export async function linkCost() {
  const pairs = [];
  try {
    for (let i = 0; i < PAIRS; i++) pairs.push(await linkPair());
    await new Promise((resolve) => setTimeout(resolve, 1000)); // set-up traffic settles
    const idle = await coresOver(MEASURE_MS);
    const payload = new Uint8Array(MESSAGE_BYTES);
    const busy = await coresOver(MEASURE_MS, () => setInterval(() => {
      for (const p of pairs) p.send.send(payload);
    }, 1000 / MESSAGES_PER_SEC));
    const messages = PAIRS * MESSAGES_PER_SEC * (MEASURE_MS / 1000);
    return {
      idleMsPerSecPerConnection: Math.round(idle * 1000 / (2 * PAIRS) * 1000) / 1000,
      cpuUsPerMessage: Math.round(Math.max(0, busy - idle) * (MEASURE_MS / 1000) / messages * 1e6),
      messagesDelivered: pairs.reduce((n, p) => n + p.received(), 0),
    };
  } finally {
    for (const p of pairs) p.close();
  }
}
