// WebRTC peer links of this page: downstream links it opens to the peers it feeds (the host
// to its listeners) and the upstream link it accepts from the peer that feeds it (a listener
// from the host). Offers, answers and ICE candidates travel through the server as signal
// messages (the room session sends and receives them; the server stamps who sent them).
//
// Each link carries one data channel, "audio", which both ends create as pre-negotiated stream 0
// (open as soon as SCTP is up, no DATA_CHANNEL_OPEN round trip): unordered, with timed
// reliability (RFC 8831 §6.6; AUDIO_PACKET_LIFETIME_MS). Nothing on it needs the order it was
// sent in: chunks carry their index and are placed by it, pulses carry a playback version and
// only a newer one applies, keepalives and repairs repeat. So a lost packet holds back only its
// own message, never the chunks behind it (an ordered channel waits for the retransmission,
// under loss and reordering for seconds), and SCTP gives up on a message once it could no
// longer help: a chunk still missing then is asked for again (`repair`, relay/repair-requests.js).
// Why one channel and not one per kind: docs/protocol.md, "Data channel".
//
// A link can also be a *standby* link: opened on the server's word (`standby-feed` to a relay's
// understudy, `standby-upstream` to that relay's child) and kept idle, nothing sent or taken on
// it. When the server later names its far end as this page's upstream (or as a peer to feed),
// the open link becomes the real one at once: no offer, answer or connection set-up when a relay
// has just left and its children are playing from their buffers.

import { usesRelayCandidate } from './turn-check.js';
import {
  AUDIO_CHANNEL_ID, AUDIO_CHANNEL_LABEL, AUDIO_PACKET_LIFETIME_MS, KEEPALIVE_TEXT, PeerType, build, parseChildText,
} from '../protocol.js';
import { SessionEvent } from '../room/session.js';
import { SpareOffer } from './spare-offer.js';

/** @type {RTCDataChannelInit} */
export const AUDIO_CHANNEL_INIT = Object.freeze({
  ordered: false, maxPacketLifeTime: AUDIO_PACKET_LIFETIME_MS, negotiated: true, id: AUDIO_CHANNEL_ID,
});

export const PeerLinkEvent = Object.freeze({
  /** {peerId, channel} a channel to a peer this page feeds is open (or a standby link to it became real) */
  DOWNSTREAM_OPEN: 'link-downstream-open',
  /** {peerId} that channel closed or its connection failed */
  DOWNSTREAM_CLOSE: 'link-downstream-close',
  /** {peerId, channel, standby} the channel from the peer that feeds this page is open; standby: it was a standby link */
  UPSTREAM_OPEN: 'link-upstream-open',
  /** {peerId, data} a message from upstream: ArrayBuffer (chunk) or string (pulse) */
  UPSTREAM_MESSAGE: 'link-upstream-message',
  /** {peerId} the peer that feeds this page sent its offer: it is alive and setting up the link */
  UPSTREAM_OFFER: 'link-upstream-offer',
  /** {peerId} the upstream channel closed */
  UPSTREAM_CLOSE: 'link-upstream-close',
  /** {peerId} a child sent its keepalive (or a repair request) */
  DOWNSTREAM_ALIVE: 'link-downstream-alive',
  /** {peerId, trackSeq, indexes} a child asks for these chunks again (protocol.js parseChildText) */
  DOWNSTREAM_REPAIR: 'link-downstream-repair',
});

export const Direction = Object.freeze({ UPSTREAM: 'up', DOWNSTREAM: 'down' });

/**
 * Spare offers a feeding page keeps (keepSpareOffer). One: in the 500-listener scale test four
 * (one per child a substitute relay takes over) cost so much CPU, idle, that the tree collapsed.
 */
export const SPARE_OFFERS = 1;

/** How long an ended link's connection lingers, silenced, before it is closed. */
export const RETIRE_AFTER_MS = 2000;

/** @param {RTCPeerConnection} pc @param {number} afterMs */
function retire(pc, afterMs) {
  pc.onicecandidate = null;
  pc.onconnectionstatechange = null;
  if (afterMs <= 0) {
    pc.close();
    return;
  }
  const timer = setTimeout(() => pc.close(), afterMs);
  /** @type {any} */ (timer).unref?.(); // Node: a link being retired does not keep the process alive
}

/**
 * @typedef {{pc: RTCPeerConnection, channel: RTCDataChannel | null, direction: string,
 *   spareId: string | null, standby: boolean}} Link `spareId`: the spare offer (links/spare-offer.js)
 *   the link was made from and the server handed out: ours downstream, the upstream peer's
 *   upstream; null for an offer sent the ordinary way. An answer must name the same one.
 *   `standby`: an idle standby link, not (yet) this page's upstream or a peer it feeds.
 */

export class PeerLinks extends EventTarget {
  /**
   * @param {{session: import('../room/session.js').RoomSession,
   *   problems: import('../problems.js').Problems, iceServers?: RTCIceServer[],
   *   createConnection?: (config: RTCConfiguration) => RTCPeerConnection, retireAfterMs?: number,
   *   spareOffers?: number, shelveSpares?: boolean, standbyLinks?: boolean}} deps `shelveSpares`:
   *   name spare offers to the server (links/spare-offer.js); false only to measure without (the
   *   scale test's SCALE_SHELF=0). `standbyLinks`: open the standby links the server asks for;
   *   false only to measure without (SCALE_STANDBY=0: moves then set up a new link as before)
   */
  constructor({ session, problems, iceServers = [], createConnection = (config) => new RTCPeerConnection(config),
    retireAfterMs = RETIRE_AFTER_MS, spareOffers = SPARE_OFFERS, shelveSpares = true, standbyLinks = true }) {
    super();
    this.shelving = shelveSpares;
    this.retireAfterMs = retireAfterMs;
    this.spareOffers = spareOffers;
    this.session = session;
    this.problems = problems;
    this.iceServers = iceServers;
    this.createConnection = createConnection;
    /** @type {Map<string, Link>} */
    this.links = new Map();
    /** @type {SpareOffer | null} a ready offer for the next peer this page feeds (keepSpareOffer) */
    this.spare = null;
    /** @type {Map<string, Promise<void>>} each peer's signals, applied one after another */
    this.signalQueues = new Map();
    session.addEventListener(SessionEvent.SIGNAL, (e) => {
      const { from, data } = /** @type {CustomEvent} */ (e).detail;
      this.enqueueSignal(from, data);
    });
    // A new seat (or the same one after a reconnect) starts with no spare offers on the server.
    session.addEventListener(SessionEvent.ENTERED, () => this.shelveSpares());
    session.addEventListener(SessionEvent.STANDBY_FEED, (e) => {
      if (standbyLinks) this.openStandby(/** @type {CustomEvent} */ (e).detail.peerId);
    });
    session.addEventListener(SessionEvent.STANDBY_END, (e) => {
      const { peerId } = /** @type {CustomEvent} */ (e).detail;
      if (this.links.get(peerId)?.standby) this.close(peerId);
    });
    this.shelvingQueued = false;
  }

  /** Number of downstream links whose channel is open. */
  get openDownstreamCount() {
    let n = 0;
    for (const link of this.links.values()) {
      if (link.direction === Direction.DOWNSTREAM && !link.standby && link.channel?.readyState === 'open') n++;
    }
    return n;
  }

  /**
   * Opens a link to `peerId`, which this page will feed; replaces any link to it.
   * @param {string} peerId
   * @param {string | null} [spareId] our spare offer the server already handed to that peer
   */
  openDownstream(peerId, spareId = null) {
    const link = this.links.get(peerId);
    if (link?.standby && link.direction === Direction.DOWNSTREAM) {
      this.makeReal(peerId, link);
      return;
    }
    this.offer(peerId, spareId).catch((error) => this.fail(peerId, error));
  }

  /**
   * Opens an idle standby link to `peerId` (this page understudies that peer's parent): offered
   * now, nothing sent on it until the server asks this page to feed that peer.
   * @param {string} peerId
   */
  openStandby(peerId) {
    if (this.links.has(peerId)) return; // a real link to it already (or a standby one)
    const pc = this.connect(peerId, Direction.DOWNSTREAM, true);
    pc.createOffer()
      .then((offer) => pc.setLocalDescription(offer))
      .then(() => {
        if (this.links.get(peerId)?.pc === pc) this.session.sendSignal(peerId, { description: pc.localDescription.toJSON() });
      })
      .catch((error) => this.fail(peerId, error));
  }

  /**
   * The server named `peerId` this page's upstream: a standby link from it becomes the upstream
   * link (UPSTREAM_OPEN at once if its channel is open). False when there is none.
   * @param {string} peerId
   */
  takeStandbyUpstream(peerId) {
    const link = this.links.get(peerId);
    if (!link?.standby || link.direction !== Direction.UPSTREAM) return false;
    this.makeReal(peerId, link);
    return true;
  }

  /** A standby link becomes real; its open event, held back while it was standby, goes out now. */
  makeReal(peerId, link) {
    link.standby = false;
    const channel = link.channel;
    if (channel?.readyState !== 'open') return; // it is announced when it opens (adopt)
    const downstream = link.direction === Direction.DOWNSTREAM;
    this.emit(downstream ? PeerLinkEvent.DOWNSTREAM_OPEN : PeerLinkEvent.UPSTREAM_OPEN, { peerId, channel, standby: true });
  }

  /**
   * From now on this page keeps `spareOffers` downstream connections ready, their offers made,
   * for the next peers it is asked to feed (pages that may feed others: the host and relays).
   */
  keepSpareOffer() {
    this.spare ??= new SpareOffer({
      create: () => this.newConnection(),
      problems: this.problems,
      count: this.spareOffers,
      onShelfChange: () => this.shelveSpares(),
    });
    this.spare.prepare();
  }

  /** Tells the server (once per turn of the event loop) which spare offers it may hand out. */
  shelveSpares() {
    if (!this.spare || !this.shelving || this.shelvingQueued) return;
    this.shelvingQueued = true;
    queueMicrotask(() => {
      this.shelvingQueued = false;
      const shelf = this.spare?.shelf ?? [];
      this.session.sendSpareOffers(shelf.map((s) => ({ id: s.id, description: s.pc.localDescription.toJSON() })));
    });
  }

  /**
   * Keeps `count` spare offers from now on (the server asks the relays next in line to take
   * over a departing relay's children for a whole fanout).
   * @param {number} count
   */
  setSpareOffers(count) {
    this.spareOffers = count;
    this.spare?.setCount(count, (pc) => retire(pc, this.retireAfterMs));
  }

  async offer(peerId, spareId = null) {
    this.close(peerId);
    const handed = spareId === null ? null : this.spare?.take(spareId) ?? null;
    if (handed) {
      // The server gave the peer this offer with its orders: its answer is on its way.
      this.attach(peerId, Direction.DOWNSTREAM, handed.pc, handed.channel, handed.id);
      return;
    }
    // (A handed-out spare this page no longer has, taken meanwhile for another peer: a fresh
    // offer replaces it, and the peer's answer to the old one is ignored.)
    const spare = this.spare?.take();
    if (spare) {
      // Its candidates so far are in its local description; later ones trickle as usual.
      this.attach(peerId, Direction.DOWNSTREAM, spare.pc, spare.channel);
      this.session.sendSignal(peerId, { description: spare.pc.localDescription.toJSON() });
      return;
    }
    const pc = this.connect(peerId, Direction.DOWNSTREAM);
    await pc.setLocalDescription(await pc.createOffer());
    this.session.sendSignal(peerId, { description: pc.localDescription.toJSON() });
  }

  /**
   * Whether the link from upstream peer `peerId` runs through a TURN server (false when there is
   * no such link, or its stats cannot be read).
   * @param {string} peerId
   */
  async upstreamViaTurn(peerId) {
    const link = this.links.get(peerId);
    if (!link || link.direction !== Direction.UPSTREAM || typeof link.pc.getStats !== 'function') return false;
    return usesRelayCandidate((await link.pc.getStats()).values());
  }

  /** Ends every link and the spare (the page or this member is going). */
  closeAll() {
    this.spare?.stop((pc) => retire(pc, this.retireAfterMs));
    for (const peerId of [...this.links.keys()]) this.close(peerId);
  }

  /**
   * Sends the keepalive to the upstream peer `peerId`, if its channel is open.
   * @param {string} peerId
   */
  sendKeepalive(peerId) {
    this.sendUpstream(peerId, KEEPALIVE_TEXT, 'keepalive-not-sent');
  }

  /**
   * Asks the upstream peer `peerId` for chunks `indexes` of track `trackSeq` again; false if
   * its channel is not open.
   * @param {string} peerId @param {number} trackSeq @param {number[]} indexes
   */
  sendRepair(peerId, trackSeq, indexes) {
    return this.sendUpstream(peerId, JSON.stringify(build.repair(trackSeq, indexes)), 'repair-not-sent');
  }

  /** @param {string} peerId @param {string} text @param {string} problemKind */
  sendUpstream(peerId, text, problemKind) {
    const link = this.links.get(peerId);
    if (link?.direction !== Direction.UPSTREAM || link.channel?.readyState !== 'open') return false;
    try {
      link.channel.send(text);
      return true;
    } catch (e) {
      this.problems.report(problemKind, e);
      return false;
    }
  }

  /**
   * A message from a child: a keepalive or a repair request; anything else (binary, too long,
   * not one of those) is dropped and counted as `malformed-child-message`.
   * @param {string} peerId @param {unknown} data
   */
  fromChild(peerId, data) {
    let message;
    try {
      message = parseChildText(data);
    } catch (e) {
      this.problems.report('malformed-child-message', new Error(`from ${peerId}: ${e.message}`));
      return;
    }
    this.emit(PeerLinkEvent.DOWNSTREAM_ALIVE, { peerId });
    if (message.type === PeerType.REPAIR) {
      this.emit(PeerLinkEvent.DOWNSTREAM_REPAIR, { peerId, trackSeq: message.trackSeq, indexes: message.indexes });
    }
  }

  /**
   * Ends the link to `peerId` now: nothing more is sent or taken on it. Its connection is torn
   * down a little later (RETIRE_AFTER_MS): closing one is a blocking call into the WebRTC stack,
   * and a link usually ends in a change of parent, just when this page must set up the new
   * link (and a relay taking over a departed one's children, several) as fast as it can.
   * @param {string} peerId
   */
  close(peerId) {
    const link = this.links.get(peerId);
    if (!link) return;
    this.links.delete(peerId);
    retire(link.pc, this.retireAfterMs);
    if (link.standby) return; // nobody was told it opened
    this.emit(link.direction === Direction.DOWNSTREAM ? PeerLinkEvent.DOWNSTREAM_CLOSE : PeerLinkEvent.UPSTREAM_CLOSE,
      { peerId });
  }

  /** A new peer connection and its audio channel, not yet any peer's link. */
  newConnection() {
    // The server's ICE configuration (STUN, TURN with this page's credentials) when it sent one.
    const pc = this.createConnection(this.session.iceConfiguration ?? { iceServers: this.iceServers });
    return { pc, channel: pc.createDataChannel(AUDIO_CHANNEL_LABEL, { ...AUDIO_CHANNEL_INIT }) };
  }

  /** @param {string} peerId @param {string} direction @param {boolean} [standby] */
  connect(peerId, direction, standby = false) {
    const { pc, channel } = this.newConnection();
    this.attach(peerId, direction, pc, channel, null, standby);
    return pc;
  }

  /**
   * Makes `pc` and its audio channel the link to `peerId`.
   * @param {string} peerId @param {string} direction
   * @param {RTCPeerConnection} pc @param {RTCDataChannel} channel
   * @param {string | null} [spareId] see Link
   * @param {boolean} [standby] see Link
   */
  attach(peerId, direction, pc, channel, spareId = null, standby = false) {
    this.links.set(peerId, { pc, channel: null, direction, spareId, standby });
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) this.session.sendSignal(peerId, { candidate: candidate.toJSON() });
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed' && this.links.get(peerId)?.pc === pc) {
        this.fail(peerId, new Error('WebRTC connection failed'));
        this.close(peerId);
      }
    };
    this.adopt(peerId, channel);
  }

  /** @param {string} peerId @param {RTCDataChannel} channel */
  adopt(peerId, channel) {
    channel.binaryType = 'arraybuffer';
    const link = this.links.get(peerId);
    if (!link) return;
    link.channel = channel;
    const downstream = link.direction === Direction.DOWNSTREAM;
    channel.onopen = () => {
      const current = this.links.get(peerId);
      if (current?.channel !== channel) return; // ended before it opened (retired)
      if (current.standby) return; // announced if it becomes real (makeReal)
      this.emit(downstream ? PeerLinkEvent.DOWNSTREAM_OPEN : PeerLinkEvent.UPSTREAM_OPEN, { peerId, channel, standby: false });
    };
    channel.onmessage = ({ data }) => {
      const current = this.links.get(peerId);
      if (current?.channel !== channel || current.standby) return; // a retired link, or one kept idle
      if (!downstream) this.emit(PeerLinkEvent.UPSTREAM_MESSAGE, { peerId, data });
      else this.fromChild(peerId, data);
    };
    channel.onclose = () => {
      if (this.links.get(peerId)?.channel === channel) this.close(peerId);
    };
  }

  /**
   * Applies a peer's signals in the order they came: a candidate that arrives while the answer
   * before it is still being applied waits for it (browsers chain a connection's operations so;
   * Node's @roamhq/wrtc need not, and a candidate added before its remote description is lost).
   * @param {string} from @param {any} data
   */
  enqueueSignal(from, data) {
    const queue = (this.signalQueues.get(from) ?? Promise.resolve())
      .then(() => this.onSignal(from, data))
      .catch((error) => this.fail(from, error));
    this.signalQueues.set(from, queue);
    queue.then(() => {
      if (this.signalQueues.get(from) === queue) this.signalQueues.delete(from);
    });
  }

  async onSignal(from, data) {
    if (data.description) {
      let link = this.links.get(from);
      if (data.description.type === 'offer') {
        // Only the peer the server names as this page's upstream may open a link to it, or one
        // it names as a standby upstream (an understudy), whose link is kept idle.
        const upstream = from === this.session.upstreamPeerId;
        if (!upstream && !this.session.standbyUpstreams.has(from)) {
          this.problems.report('offer-from-unexpected-peer', new Error(`offer from ${from} ignored`));
          return;
        }
        if (link) this.close(from);
        this.connect(from, Direction.UPSTREAM, !upstream);
        link = /** @type {Link} */ (this.links.get(from));
        link.spareId = typeof data.spareId === 'string' ? data.spareId : null;
        this.emit(PeerLinkEvent.UPSTREAM_OFFER, { peerId: from });
      }
      if (!link) return;
      if (data.description.type === 'answer' && (data.spareId ?? null) !== link.spareId) {
        // An answer to an offer this link was not made from (see offer): the peer's answer to
        // the link that replaces it follows.
        this.problems.report('answer-to-another-offer', new Error(`from ${from}: answers ${data.spareId ?? 'a sent offer'}`));
        return;
      }
      await link.pc.setRemoteDescription(data.description);
      if (data.description.type === 'offer') {
        await link.pc.setLocalDescription(await link.pc.createAnswer());
        /** @type {any} */ const answer = { description: link.pc.localDescription.toJSON() };
        if (link.spareId !== null) answer.spareId = link.spareId;
        this.session.sendSignal(from, answer);
      }
    } else if (data.candidate) {
      const link = this.links.get(from);
      if (link) await link.pc.addIceCandidate(data.candidate);
    }
  }

  fail(peerId, error) {
    this.problems.report('peer-link-failed', new Error(`peer ${peerId}: ${error?.message ?? error}`));
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
