// A relay: a listener that feeds other listeners. Every verified envelope from upstream is
// kept in the chunk cache and forwarded at once, byte for byte, to every downstream link; a
// child that attaches mid-track is filled from the cache from the room's position on, exactly
// as the host fills its own children (media/streamer.js).

import { PeerLinkEvent } from '../links/peer-links.js';
import { Streamer } from '../media/streamer.js';
import { isContinuous } from '../room/playback.js';
import { SessionEvent } from '../room/session.js';
import { ChunkCache } from './chunk-cache.js';
import { RepairBudget } from './repair-budget.js';

/**
 * A relay sends on each chunk the moment it arrives (forwardChunk pumps); its timer only retries
 * channels that were full and follows the position, so it runs less often than the host's.
 */
const RELAY_PUMP_MS = 250;

export class Relay {
  /**
   * @param {{session: import('../room/session.js').RoomSession,
   *   links: import('../links/peer-links.js').PeerLinks,
   *   problems: import('../problems.js').Problems, pumpMs?: number}} deps
   */
  constructor({ session, links, problems, pumpMs }) {
    this.session = session;
    this.cache = new ChunkCache();
    /**
     * Fault injection for tests (diagnostics.faults): rewrites what this relay forwards, as a
     * misbehaving relay would. Null in normal operation.
     * @type {((envelope: ArrayBuffer) => ArrayBuffer) | null}
     */
    this.tamper = null;
    /** @type {ArrayBuffer | null} a pulse of its own making, sent instead of the host's (tests only) */
    this.forgedPulse = null;
    /** @type {any[]} timers to clear on stop() */
    this.timers = [];
    this.streamer = new Streamer({
      positionNow: () => session.positionNow() ?? 0,
      pulse: () => this.forgedPulse ?? this.cache.pulse,
      pulseMs: Infinity, // the host's pulses are forwarded as they come, never made up here
      problems,
      pumpMs: pumpMs ?? RELAY_PUMP_MS,
    });
    this.children = feedDownstream(links, this.streamer, (channel) => ({
      get bufferedAmount() {
        return channel.bufferedAmount;
      },
      send: (data) => {
        if (typeof data === 'string') channel.send(data);
        else channel.send(this.tamper ? this.tamper(data) : data);
      },
    }), { checkMs: pumpMs === 0 ? 0 : undefined });
    session.addEventListener(SessionEvent.TRACK, (e) => {
      this.streamer.setSource(this.cache, /** @type {CustomEvent} */ (e).detail.track);
    });
    session.addEventListener(SessionEvent.PLAYBACK, (e) => {
      const { previous, playback } = /** @type {CustomEvent} */ (e).detail;
      if (!isContinuous(previous, playback)) this.streamer.restart();
    });
    if (session.track) this.streamer.setSource(this.cache, session.track);
  }

  /** A verified chunk envelope from upstream. */
  forwardChunk(trackSeq, index, envelope) {
    this.cache.putChunk(trackSeq, index, envelope);
    this.streamer.pump();
  }

  /** A verified pulse envelope from upstream; only a newer playback version is passed on. */
  forwardPulse(version, envelope) {
    if (this.cache.putPulse(version, envelope)) this.streamer.pulseAll();
  }

  get childCount() {
    return this.streamer.downstreamCount;
  }

  /** Timers of this relay's own (tests' fault injection) to clear when it stops. */
  onStop(timer) {
    this.timers.push(timer);
  }

  stop() {
    this.streamer.stop();
    this.children.stop();
    for (const timer of this.timers) clearInterval(timer);
  }
}

/**
 * A child that sent no keepalive for this long is gone (its page or process died): stop feeding
 * it. Children send one a second (roles/listener.js).
 */
export const CHILD_SILENT_MS = 2500;
const CHILD_CHECK_MS = 500;

/**
 * Every downstream link of `links` becomes a sink of `streamer` while its channel is open and
 * its child keeps sending keepalives (children do, once a second: roles/listener.js). A child
 * whose page died stops them at once, long before ICE notices (about 7 s), so no upload is spent
 * on it; a child that only lost its server connection keeps them, and keeps being fed. A child's
 * repair request is answered from the streamer's source, within the child's RepairBudget.
 * @param {import('../links/peer-links.js').PeerLinks} links
 * @param {Streamer} streamer
 * @param {(channel: RTCDataChannel) => import('../media/streamer.js').Sink} [asSink]
 * @param {{now?: () => number, checkMs?: number, budget?: RepairBudget}} [options]
 * @returns {{stop: () => void, check: () => void, budget: RepairBudget}}
 */
export function feedDownstream(links, streamer, asSink = (channel) => channel,
  { now = () => performance.now(), checkMs = CHILD_CHECK_MS, budget = new RepairBudget({ now }) } = {}) {
  /** @type {Map<string, number>} child -> when it last said it is alive */
  const heardAt = new Map();
  links.addEventListener(PeerLinkEvent.DOWNSTREAM_OPEN, (e) => {
    const { peerId, channel } = /** @type {CustomEvent} */ (e).detail;
    heardAt.set(peerId, now());
    streamer.addSink(peerId, asSink(channel));
  });
  links.addEventListener(PeerLinkEvent.DOWNSTREAM_ALIVE, (e) => {
    const { peerId } = /** @type {CustomEvent} */ (e).detail;
    if (heardAt.has(peerId)) heardAt.set(peerId, now());
  });
  links.addEventListener(PeerLinkEvent.DOWNSTREAM_CLOSE, (e) => {
    const { peerId } = /** @type {CustomEvent} */ (e).detail;
    heardAt.delete(peerId);
    budget.forget(peerId);
    streamer.removeSink(peerId);
  });
  links.addEventListener(PeerLinkEvent.DOWNSTREAM_REPAIR, (e) => {
    const { peerId, trackSeq, indexes } = /** @type {CustomEvent} */ (e).detail;
    if (!heardAt.has(peerId)) return;
    streamer.resend(peerId, trackSeq, indexes.slice(0, budget.take(peerId, indexes.length)));
  });
  const check = () => {
    for (const [peerId, at] of heardAt) {
      if (now() - at > CHILD_SILENT_MS) links.close(peerId); // emits DOWNSTREAM_CLOSE
    }
  };
  const timer = checkMs > 0 ? setInterval(check, checkMs) : null;
  return { stop: () => clearInterval(timer), check, budget };
}
