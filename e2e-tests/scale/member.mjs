// One room member without a browser: the browser client's own modules (signalling, clock,
// room session, peer links, roles, relay, signature checks) running in Node.js, with
// @roamhq/wrtc as RTCPeerConnection. Listeners skip audio output: a recorder stands where the
// player would, noting when each chunk arrived against the moment it must be heard.

import wrtc from '@roamhq/wrtc';
import { PeerLinkEvent, PeerLinks } from '../../web/app/links/peer-links.js';
import { chunkStartSec } from '../../web/app/media/timeline.js';
import { Problems } from '../../web/app/problems.js';
import { HostRole } from '../../web/app/roles/host.js';
import { ListenerRole } from '../../web/app/roles/listener.js';
import { serverTimeOf } from '../../web/app/room/playback.js';
import { RoomSession, SessionEvent } from '../../web/app/room/session.js';
import { HostSigner } from '../../web/app/relay/signatures.js';
import { Signaling } from '../../web/app/signaling.js';

/**
 * Where a player would schedule a chunk, this notes when it arrived (server time); leads
 * (deadline minus arrival) are taken against the room's playing timeline at the end.
 */
class ArrivalRecorder extends EventTarget {
  constructor(session) {
    super(); // the player's events (it never emits any: nothing is rendered here)
    this.session = session;
    /** @type {Map<number, number>} chunk index -> arrival, on this process's clock (ms) */
    this.arrivedAt = new Map();
  }

  addChunk({ trackSeq, index }) {
    const { track } = this.session;
    if (!track || trackSeq !== track.trackSeq || this.arrivedAt.has(index)) return;
    this.arrivedAt.set(index, performance.now());
  }

  /** [index, lead ms] for every chunk that arrived; a negative lead came too late to be heard. */
  leads() {
    const { track, playback, clock } = this.session;
    if (!track || !playback || !playback.playing) return [];
    return [...this.arrivedAt].map(([index, localMs]) => [index,
      serverTimeOf(playback, chunkStartSec(track, index)) - clock.toServer(localMs)]);
  }

  resume() {}
}

const quiet = { warn: () => {} };

/**
 * SCALE_ORDERED=1: every audio channel ordered and fully reliable, as before the channel became
 * unordered with timed reliability (links/peer-links.js), for comparison. Both ends of every link
 * run here, so both make the same pre-negotiated channel.
 */
function orderedIfAsked(pc) {
  if (process.env.SCALE_ORDERED !== '1') return pc;
  const create = pc.createDataChannel.bind(pc);
  pc.createDataChannel = (label, { maxPacketLifeTime, maxRetransmits, ...init } = {}) => create(label, { ...init, ordered: true });
  return pc;
}

/**
 * @param {{serverUrl: string, invite?: string, relay?: boolean, host?: boolean, chunkSec?: number,
 *   log?: {warn: Function}}} options
 */
export async function startMember({ serverUrl, invite = null, relay = true, host = false, chunkSec, log = quiet }) {
  const problems = new Problems(log);
  const signaling = new Signaling(serverUrl, { problems });
  const clock = signaling.clockEstimate();
  const signer = host ? await HostSigner.create() : null;
  let token = null;
  const session = new RoomSession({
    signaling, clock, invite, relay, problems,
    hostTokens: { get: () => token, set: (t) => { token = t; }, clear: () => { token = null; } },
    hostKey: async () => signer?.publicKey ?? '',
  });
  const links = new PeerLinks({ session, problems, createConnection: (config) => orderedIfAsked(new wrtc.RTCPeerConnection(config)),
    ...(process.env.SCALE_SPARES ? { spareOffers: Number(process.env.SCALE_SPARES) } : {}),
    shelveSpares: process.env.SCALE_SHELF !== '0', standbyLinks: process.env.SCALE_STANDBY !== '0' });
  // SCALE_REPAIR=0: listeners never ask their parent again for a missing chunk, for comparison.
  if (process.env.SCALE_REPAIR === '0') links.sendRepair = () => false;
  const recorder = new ArrivalRecorder(session);
  const member = { session, links, signaling, problems, recorder, role: null, bytesSent: 0, upstreamChanges: [],
    /** child peer id -> when this member was told to feed it and when its offer went out (ms) */
    feedSteps: {} };
  session.addEventListener(SessionEvent.FEED, (e) => {
    member.feedSteps[e.detail.peerId] = { toldMs: Date.now(), offerSentMs: null, answerMs: null, openMs: null };
  });
  session.addEventListener(SessionEvent.SIGNAL, (e) => {
    const step = member.feedSteps[e.detail.from];
    if (step && !step.answerMs && e.detail.data.description?.type === 'answer') step.answerMs = Date.now();
  });
  links.addEventListener(PeerLinkEvent.DOWNSTREAM_OPEN, (e) => {
    const step = member.feedSteps[e.detail.peerId];
    if (step && !step.openMs) step.openMs = Date.now();
  });
  const sendSignal = session.sendSignal.bind(session);
  session.sendSignal = (to, data) => {
    const step = member.feedSteps[to];
    if (step && !step.offerSentMs && data.description?.type === 'offer') step.offerSentMs = Date.now();
    return sendSignal(to, data);
  };

  // Bytes this member sends down the tree, and when audio from each new upstream began.
  links.addEventListener(PeerLinkEvent.DOWNSTREAM_OPEN, (e) => {
    const { channel } = e.detail;
    const send = channel.send.bind(channel);
    channel.send = (data) => {
      member.bytesSent += typeof data === 'string' ? data.length : data.byteLength;
      send(data);
    };
  });
  session.addEventListener(SessionEvent.UPSTREAM, (e) => {
    member.upstreamChanges.push({ atMs: Date.now(), from: e.detail.previous, to: e.detail.peerId, firstChunkMs: null });
  });
  // The steps of a new upstream link: the parent's offer arrives, the channel opens.
  session.addEventListener(SessionEvent.SIGNAL, (e) => {
    const change = member.upstreamChanges.at(-1);
    if (change && !change.offerMs && e.detail.from === change.to && e.detail.data.description?.type === 'offer') {
      change.offerMs = Date.now();
      change.offerWithOrders = typeof e.detail.data.spareId === 'string'; // a spare offer the server handed out
    }
  });
  links.addEventListener(PeerLinkEvent.UPSTREAM_OPEN, (e) => {
    const change = member.upstreamChanges.at(-1);
    if (change && !change.openMs && e.detail.peerId === change.to) {
      change.openMs = Date.now();
      change.viaStandby = e.detail.standby; // a standby link kept ready by the new parent (an understudy)
    }
  });
  links.addEventListener(PeerLinkEvent.UPSTREAM_MESSAGE, (e) => {
    const change = member.upstreamChanges.at(-1);
    if (change && change.firstChunkMs === null && e.detail.peerId === change.to && typeof e.detail.data !== 'string') {
      change.firstChunkMs = Date.now();
    }
  });

  const entered = new Promise((resolve) => session.addEventListener(SessionEvent.ENTERED, resolve, { once: true }));
  session.addEventListener(SessionEvent.ENTERED, () => {
    if (member.role) return;
    member.role = host
      ? new HostRole({ session, links, player: recorder, problems, signer, chunkSec, decodeAudio: async () => syntheticTrack() })
      : new ListenerRole({ session, links, player: recorder, problems });
    member.role.start?.();
  });
  if (host) {
    session.addEventListener(SessionEvent.NEEDS_ROOM, () => session.createRoom(), { once: true });
  }
  signaling.connect();
  await entered;
  // As a closing tab does, all at once: the server hears of it first (closing each peer
  // connection is a blocking call into the WebRTC stack, slow on a busy machine), so it moves
  // this member's children while its links close.
  // `teardownAfterMs`: when its peer connections are torn down. A closing tab's go with it at
  // once, on its own machine; here each teardown is a blocking call into the WebRTC stack that
  // would stall every other listener of this process (up to 600 ms at 500 listeners), so a
  // member leaving mid-run goes silent at once and tears down later.
  member.close = ({ teardownAfterMs = 0 } = {}) => {
    signaling.close();
    member.role?.stop?.();
    clock.stop();
    links.retireAfterMs = teardownAfterMs;
    links.closeAll();
  };
  return member;
}

/** 10 minutes of 8 kHz mono: 16-bit PCM, ~130 kbit/s (1,616 bytes per 100 ms with its chunk header). */
export const SYNTHETIC_RATE_HZ = 8000;
export function syntheticTrack(seconds = 600) {
  const data = new Float32Array(SYNTHETIC_RATE_HZ * seconds);
  for (let i = 0; i < data.length; i += 97) data[i] = 0.25;
  return { duration: seconds, sampleRate: SYNTHETIC_RATE_HZ, numberOfChannels: 1, length: data.length, getChannelData: () => data };
}
