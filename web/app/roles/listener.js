// The listener role: takes what arrives from the upstream peer link (signed envelopes of audio
// chunks and sync pulses), verifies each against the host's key, forwards it to the peers this
// page feeds (when it relays), decodes chunks with the track's codec for the player and hands
// pulses to the room session. It watches the stream: when chunks stop while the room plays, or
// the upstream link never opens, or something fails verification, it tells the server, which
// moves this page to another parent. No DOM.

import { ChunkIntake } from '../codecs/chunk-intake.js';
import { InOrderRelease, RELEASE_BEFORE_DUE_SEC } from '../codecs/in-order.js';
import { codecFor } from '../codecs/codecs.js';
import { readChunkHeader } from '../codecs/chunk-header.js';
import { whyUnplayable } from '../codecs/negotiate.js';
import { PeerLinkEvent } from '../links/peer-links.js';
import { PlayerEvent } from '../player/player.js';
import { UpstreamProblem, parsePulse } from '../protocol.js';
import { ArrivalLead } from '../media/arrival-lead.js';
import { RestartLead } from '../media/restart-lead.js';
import { chunkIndexAt, chunkSecOf, chunkStartSec } from '../media/timeline.js';
import { EnvelopeKind, MalformedEnvelope } from '../relay/envelope.js';
import { Relay } from '../relay/relay.js';
import { RepairRequests } from '../relay/repair-requests.js';
import { EnvelopeVerifier, ForgedEnvelope, chunkBytes, pulseText } from '../relay/signatures.js';
import { BufferHealth, STARVING_BELOW_AHEAD_SEC } from '../room/buffer-health.js';
import { isContinuous, serverTimeOf } from '../room/playback.js';
import { SessionEvent } from '../room/session.js';

/**
 * Upstream keeps a listener about 4 s ahead of the play position (media/streamer.js), less the
 * time each hop of the tree takes. While the room plays a new chunk comes every chunk length, so
 * the audio held ahead not growing for this long means it stopped coming: starving, reported.
 * Judging by a fixed amount held ahead instead took deep listeners of a busy tree (each hop
 * adding its delay) for starving while their audio flowed, and the tree churned.
 */
export const STALL_MS = 1000;
/** Near the end of a track nothing more comes: no judging in the last seconds. */
const TRACK_END_MARGIN_SEC = 3.5;
/** A link that just opened is given this long to fill the buffer before it is judged. */
const FILL_GRACE_MS = 1000;
/**
 * After play, a seek or a new track the whole tree refills from the new position, hop by hop
 * (each relay verifying 4 s of chunks before it forwards them): a deep listener is not judged
 * starving before then, counted from when the change takes effect. Without this, at 500
 * listeners every deep page reported its healthy parent the moment play began, and the tree
 * churned for the rest of the run.
 */
export const REFILL_GRACE_MS = 2500;
/**
 * An assigned upstream whose link has not opened by then is reported unreachable: a link opens
 * within 1.8 s even at 500 listeners on two cores, and peers are kept 4 s ahead, so a link that
 * takes longer is given up on while the buffer can still cover the next one (in two scale runs
 * one offered link each never opened, and waiting 4 s for it cost a chunk).
 */
export const UNREACHABLE_AFTER_MS = 3000;
/**
 * ... and one that has not even sent its offer by then: a live parent offers within a few hundred
 * ms (the offer only crosses the server), so waiting the full UNREACHABLE_AFTER_MS for a dead or
 * stuck one would spend the buffer that the next parent's link needs.
 */
export const NO_OFFER_AFTER_MS = 2000;
/** A request for more spare offers takes effect if it still holds this much later (onSpares). */
export const SPARES_RAISE_AFTER_MS = 3000;
/** Reports about one upstream peer are at most this frequent. */
export const REPORT_EVERY_MS = 1500;
const WATCH_MS = 100;
/**
 * Once a second a listener tells its parent it is alive (relay/relay.js drops children silent for
 * 2.5 s, so one late or lost keepalive is not taken for death). Twice a second cost a fifth of
 * every data-channel send in a 500-listener room, where each send is a blocking hop into the
 * WebRTC stack.
 */
const KEEPALIVE_EVERY_MS = 1000;
/** Chunks are queued at most 0.5 s ahead (player/player.js): longer waits for "heard" are not real. */
const MAX_HEARING_WAIT_MS = 2000;

export const ListenerEvent = Object.freeze({
  /** {message} something the person must know (audio this page cannot play, ...) */
  PROBLEM: 'listener-problem',
  /** {state: UpstreamState} whether audio is reaching this page */
  UPSTREAM_STATE: 'listener-upstream-state',
});

export const UpstreamState = Object.freeze({
  FLOWING: 'flowing',
  /** the server is finding this page a new parent; playing from the buffer meanwhile */
  REPAIRING: 'repairing',
  /** the server has no parent for this page now (`upstream {peerId: null}`); it will name one */
  WAITING: 'waiting',
});

export class ListenerRole extends EventTarget {
  /**
   * @param {{session: import('../room/session.js').RoomSession,
   *   links: import('../links/peer-links.js').PeerLinks,
   *   player: import('../player/player.js').Player,
   *   problems: import('../problems.js').Problems,
   *   now?: () => number, watchMs?: number, outputRunning?: () => boolean}} deps `outputRunning`:
   *   whether the page's audio output runs (a suspended AudioContext is silence)
   */
  constructor({ session, links, player, problems, now = () => performance.now(), watchMs = WATCH_MS,
    outputRunning = () => true }) {
    super();
    this.session = session;
    this.links = links;
    this.player = player;
    this.problems = problems;
    this.now = now;
    /** @type {ChunkIntake | null} decodes the current track's chunks for the player (null: cannot play it) */
    this.intake = null;
    /** @type {Promise<void>} settles once the current track's codec is checked */
    this.codecChecked = Promise.resolve();
    /** @type {Promise<EnvelopeVerifier> | null} */
    this.verifier = null;
    this.relay = session.relay ? new Relay({ session, links, problems }) : null;
    if (this.relay) links.keepSpareOffer(); // a relay may be asked to feed at any moment, and several at once
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.sparesTimer = undefined;
    session.addEventListener(SessionEvent.SPARES, (e) => this.onSpares(/** @type {CustomEvent} */ (e).detail.count));
    this.counts = { chunks: 0, forged: 0, malformed: 0, reports: 0 };
    /** @type {Set<number>} indices of the current track's chunks that arrived, around the position */
    this.received = new Set();
    this.upstreamSince = now();
    this.upstreamOpen = false;
    this.upstreamOffered = false;
    this.upstreamOpenedAt = -Infinity;
    this.refillFrom = -Infinity;
    this.lastReportAt = -Infinity;
    /** the first chunk index missing ahead of the position, and when it last changed (the flow moved) */
    this.flowEnd = -1;
    this.flowMovedAt = now();
    this.state = UpstreamState.FLOWING;
    /** what the person is told about the buffer (room/buffer-health.js), sampled on every check */
    this.health = new BufferHealth({ outputRunning });
    /** which missing chunks to ask the parent for again (relay/repair-requests.js) */
    this.repairs = new RepairRequests();
    /** how long before its time each chunk arrived (media/arrival-lead.js) */
    this.lead = new ArrivalLead();
    /** how much time the room's last play or seek left this page (media/restart-lead.js) */
    this.restartLead = new RestartLead();
    /** chunks to the decoder in index order, each after the one before it (codecs/in-order.js) */
    this.inOrder = new InOrderRelease((index, bytes) => this.decode(bytes), () => {
      const track = this.session.track;
      const pos = this.session.positionNow();
      return track && pos !== null ? Math.max(0, chunkIndexAt(track, Math.max(0, pos)) - 1) : null;
    });

    links.addEventListener(PeerLinkEvent.UPSTREAM_MESSAGE, (e) => {
      const { peerId, data } = /** @type {CustomEvent} */ (e).detail;
      this.receive(peerId, data);
    });
    links.addEventListener(PeerLinkEvent.UPSTREAM_OFFER, (e) => {
      if (/** @type {CustomEvent} */ (e).detail.peerId === session.upstreamPeerId) this.upstreamOffered = true;
    });
    links.addEventListener(PeerLinkEvent.UPSTREAM_OPEN, (e) => {
      if (/** @type {CustomEvent} */ (e).detail.peerId !== session.upstreamPeerId) return;
      this.upstreamOpen = true;
      this.upstreamOpenedAt = this.now();
    });
    session.addEventListener(SessionEvent.TRACK, (e) => this.onTrack(/** @type {CustomEvent} */ (e).detail.track));
    player.addEventListener(PlayerEvent.HEARING, (e) => this.onHearing(/** @type {CustomEvent} */ (e).detail));
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.hearingTimer = undefined;
    session.addEventListener(SessionEvent.HOST_KEY, (e) => this.onHostKey(/** @type {CustomEvent} */ (e).detail.hostKey));
    session.addEventListener(SessionEvent.UPSTREAM, (e) => this.onUpstream(/** @type {CustomEvent} */ (e).detail));
    session.addEventListener(SessionEvent.PLAYBACK, (e) => {
      const { previous, playback } = /** @type {CustomEvent} */ (e).detail;
      if (!isContinuous(previous, playback)) {
        const { track, clock } = this.session;
        if (track && clock.synced) this.restartLead.begin(track, playback, (i) => this.received.has(i));
        // Until the change takes effect the old timeline plays out, and its audio no longer comes
        // (the parent streams the new one): the refill is judged from then, however far ahead the
        // host stamped it (room/command-lead.js: up to 5 s).
        this.refillFrom = Math.max(this.now(), clock.synced ? clock.toLocal(playback.at) : -Infinity);
        this.health.restart();
        this.repairs.restart();
        this.inOrder.restart({ keepWaiting: true });
      }
    });
    session.addEventListener(SessionEvent.FEED, (e) => {
      const { peerId, spareId } = /** @type {CustomEvent} */ (e).detail;
      links.openDownstream(peerId, spareId);
    });
    session.addEventListener(SessionEvent.UNFEED, (e) => links.close(/** @type {CustomEvent} */ (e).detail.peerId));
    this.watch = watchMs > 0 ? setInterval(() => this.check(), watchMs) : null;
    this.keepalive = watchMs > 0
      ? setInterval(() => session.upstreamPeerId && links.sendKeepalive(session.upstreamPeerId), KEEPALIVE_EVERY_MS)
      : null;
  }

  /** Takes up what the room already has; call it once its events are listened to. */
  start() {
    if (this.session.hostKey) this.onHostKey(this.session.hostKey);
    if (this.session.track) this.onTrack(this.session.track);
    for (const peerId of this.session.feeds) this.links.openDownstream(peerId);
  }

  /** @param {string} hostKey */
  onHostKey(hostKey) {
    this.verifier = EnvelopeVerifier.create(hostKey);
    this.verifier.catch((e) => this.problems.report('bad-host-key', e, 'The host key is not valid; audio cannot be checked.'));
  }

  /** @param {import('../protocol.js').TrackInfo} track */
  onTrack(track) {
    this.received.clear();
    this.health.restart();
    this.repairs.restart();
    this.inOrder.restart();
    this.intake?.close();
    this.intake = null;
    this.codecChecked = whyUnplayable(track).then((reason) => {
      if (this.session.track !== track) return;
      if (reason) {
        this.problems.report('codec-unplayable', new Error(reason));
        this.emit(ListenerEvent.PROBLEM, { message: `No sound: ${reason}. Try another browser, or ask the host.` });
        return;
      }
      this.intake = new ChunkIntake({ track, codec: codecFor(track.codec), player: this.player, problems: this.problems });
    });
  }

  /**
   * The player handed the first audio of a track (or of a resume) to the output, to sound at
   * server time `serverAt`. In a room on the public globe the server is told once it sounds.
   */
  onHearing({ trackSeq, serverAt }) {
    const { track, clock } = this.session;
    if (!track?.globe || track.trackSeq !== trackSeq || !clock.synced) return;
    const waitMs = Math.min(MAX_HEARING_WAIT_MS, Math.max(0, serverAt - clock.serverNow()));
    clearTimeout(this.hearingTimer);
    this.hearingTimer = setTimeout(() => {
      if (this.session.playing && this.session.track?.trackSeq === trackSeq) this.session.reportHearing(trackSeq);
    }, waitMs);
  }

  /**
   * The server asks for `count` spare offers. Fewer take effect at once; more only if still asked
   * SPARES_RAISE_AFTER_MS later: while a room fills, the newest leaves are next in line only
   * until the next joiners, and each spare costs a connection.
   * @param {number} count
   */
  onSpares(count) {
    if (!this.relay) return;
    clearTimeout(this.sparesTimer);
    if (count <= this.links.spareOffers) this.links.setSpareOffers(count);
    else this.sparesTimer = setTimeout(() => this.links.setSpareOffers(count), SPARES_RAISE_AFTER_MS);
  }

  onUpstream({ peerId, previous }) {
    // The old parent's link is dropped now: nothing from it is taken any more, and the buffer
    // covers the moments until the new parent's link opens.
    if (previous && previous !== peerId) this.links.close(previous);
    this.upstreamOpen = false;
    this.upstreamOffered = false;
    this.upstreamSince = this.now();
    this.repairs.newParent();
    // A standby link from the new parent (it understudied the old one) is used as it is: it
    // announces itself open at once (UPSTREAM_OPEN), or when it opens.
    if (peerId && this.links.takeStandbyUpstream(peerId)) this.upstreamOffered = true;
  }

  /**
   * One data-channel message from `peerId`. Only the upstream peer is listened to, and only
   * what verifies against the host's key is used.
   * @param {string} peerId
   * @param {string | ArrayBuffer} data
   */
  receive(peerId, data) {
    if (peerId !== this.session.upstreamPeerId) return;
    if (!this.verifier) {
      this.problems.report('envelope-before-host-key', new Error(`from ${peerId}`));
      return;
    }
    this.verifier
      .then((verifier) => verifier.open(/** @type {ArrayBuffer} */ (data)))
      .then(({ kind, payload }) => (kind === EnvelopeKind.CHUNK
        ? this.onChunk(payload, /** @type {ArrayBuffer} */ (data))
        : this.onPulse(payload, /** @type {ArrayBuffer} */ (data))))
      .catch((e) => this.onRejected(peerId, e));
  }

  onChunk(payload, envelope) {
    const { trackSeq, index } = readChunkHeader(payload);
    const current = trackSeq === this.session.track?.trackSeq;
    if (current && !this.received.has(index)) {
      const now = this.now();
      this.received.add(index);
      const repaired = this.repairs.arrived(index, now);
      this.noteLead(index);
      if (this.session.clock.synced) this.tellRestartLead(this.restartLead.arrived(index, this.session.clock.serverNow()));
      this.health.arrived({ nowMs: now, startSec: chunkStartSec(this.session.track, index), positionSec: this.duePosition(), repaired });
    } else if (current) {
      return; // a copy of a chunk already taken (asked for again, and the first one came after all)
    }
    this.counts.chunks++;
    this.relay?.forwardChunk(trackSeq, index, envelope);
    if (!current) return;
    this.inOrder.take(index, chunkBytes(payload));
  }

  /** @param {ArrayBuffer} bytes a chunk of the current track, after the one before it (or given up on) */
  decode(bytes) {
    // The first chunks of a track can come while its codec is still being checked.
    if (this.intake) this.intake.take(bytes);
    else this.codecChecked.then(() => this.intake?.take(bytes));
  }

  /** @param {{at: number, leadMs: number} | null} measured how the last restart landed here, once */
  tellRestartLead(measured) {
    if (measured && !this.session.reportRestartLead(measured.at, measured.leadMs)) {
      this.problems.report('restart-lead-not-sent', new Error(`at ${measured.at}: not connected`));
    }
  }

  /** Notes how long before its first sample is due chunk `index` arrived, while the room plays. */
  noteLead(index) {
    const { track, playback, clock } = this.session;
    if (!track || !playback || !this.session.playing || !clock.synced) return;
    this.lead.add(serverTimeOf(playback, chunkStartSec(track, index)) - clock.serverNow());
  }

  onPulse(payload, envelope) {
    const pulse = parsePulse(pulseText(payload));
    this.session.applyPulse(pulse);
    this.relay?.forwardPulse(pulse.playback.version, envelope);
  }

  onRejected(peerId, e) {
    if (e instanceof ForgedEnvelope || e instanceof MalformedEnvelope) {
      this.counts[e instanceof ForgedEnvelope ? 'forged' : 'malformed']++;
      this.problems.report(e instanceof ForgedEnvelope ? 'forged-envelope' : 'malformed-envelope',
        new Error(`from ${peerId}: ${e.message}`));
      this.report(UpstreamProblem.TAMPERING);
    } else {
      this.problems.report('envelope-not-usable', e);
    }
  }

  /**
   * Seconds of audio held ahead of `positionSec` without a gap (what upstream has sent so far);
   * `end` is its aheadEnd when the caller has it already.
   */
  aheadSec(positionSec, end = this.aheadEnd(positionSec)) {
    return end * chunkSecOf(this.session.track) - Math.max(0, positionSec);
  }

  /** Index of the first chunk missing at or after `positionSec`. */
  aheadEnd(positionSec) {
    const index = Math.max(0, chunkIndexAt(this.session.track, positionSec));
    for (const k of this.received) if (k < index - 50) this.received.delete(k); // bounded: some seconds behind
    let count = 0;
    while (this.received.has(index + count)) count++;
    return index + count;
  }

  /**
   * The room's position while audio of this page's timeline is due: the room plays, the last
   * change has taken effect (a play or seek is stamped ahead; until then the old timeline plays
   * out) and the position lies within the track. Else null.
   */
  duePosition(pos = this.session.positionNow()) {
    const { track, playback } = this.session;
    if (!this.session.playing || !track || !playback || pos === null) return null;
    return pos >= Math.max(0, playback.position) && pos < track.durationSec ? pos : null;
  }

  /**
   * One look at the buffer for the person (room/buffer-health.js), at the room's position `pos`
   * (null before the clock is synced or a track plays), from which `end` (aheadEnd) is missing.
   */
  sampleHealth(now, pos, end) {
    const track = this.session.track;
    const due = this.duePosition(pos);
    const at = Math.max(0, pos ?? 0);
    this.health.sample({
      nowMs: now,
      expecting: due !== null,
      positionIndex: track ? chunkIndexAt(track, at) : 0,
      aheadSec: track ? this.aheadSec(at, end) : 0,
      heldToEndOfTrack: !!track && end * chunkSecOf(track) >= track.durationSec,
      has: (index) => this.received.has(index),
    });
  }

  /** Watches the stream from upstream; runs every WATCH_MS. */
  check() {
    const now = this.now();
    const session = this.session;
    const track = session.track;
    const pos = session.positionNow();
    // The first chunk missing ahead, found once for both the page's buffer line and the flow.
    const end = track ? this.aheadEnd(Math.max(0, pos ?? 0)) : 0;
    this.sampleHealth(now, pos, end);
    if (track && pos !== null) this.inOrder.expire(chunkIndexAt(track, Math.max(0, pos) + RELEASE_BEFORE_DUE_SEC));
    if (!session.upstreamPeerId) {
      if (session.waitingForUpstream) this.setState(UpstreamState.WAITING);
      return;
    }
    // Before a play takes effect (it is stamped 0.4-5 s ahead) the position is below zero and
    // nothing new is due: the flow cannot stall yet.
    const expecting = session.playing && track && pos !== null && pos >= 0
      && pos < track.durationSec - TRACK_END_MARGIN_SEC;
    if (!this.upstreamOpen) {
      // While a new link is being set up only its not opening at all is a problem; the buffer
      // plays meanwhile.
      const waited = now - this.upstreamSince;
      if (waited > UNREACHABLE_AFTER_MS || (!this.upstreamOffered && waited > NO_OFFER_AFTER_MS)) {
        this.report(UpstreamProblem.UNREACHABLE);
      }
      return;
    }
    if (track && pos !== null) this.askForRepairs(now, Math.max(0, pos));
    // The flow moves when the first missing chunk ahead changes; while nothing is expected it
    // cannot stall.
    const flowEnd = expecting ? end : -1;
    if (flowEnd !== this.flowEnd || !expecting) {
      this.flowEnd = flowEnd;
      this.flowMovedAt = now;
    }
    if (now - this.upstreamOpenedAt < FILL_GRACE_MS || now - this.refillFrom < REFILL_GRACE_MS) return;
    if (expecting && (now - this.flowMovedAt > STALL_MS || this.aheadSec(pos, end) < STARVING_BELOW_AHEAD_SEC)) {
      this.report(UpstreamProblem.STARVING);
    } else {
      this.setState(UpstreamState.FLOWING);
    }
  }

  /**
   * Asks the parent again for the chunks of the current track missing between what is due too
   * soon for an answer and the newest that arrived (relay/repair-requests.js).
   * @param {number} now @param {number} positionSec the room's position (0 before a play takes effect)
   */
  askForRepairs(now, positionSec) {
    const track = /** @type {import('../protocol.js').TrackInfo} */ (this.session.track);
    let newest = -1;
    for (const index of this.received) if (index > newest) newest = index;
    const firstAskable = chunkIndexAt(track, positionSec + this.repairs.answerMarginMs / 1000);
    const indexes = this.repairs.due({ nowMs: now, firstAskable, newest, has: (index) => this.received.has(index) });
    if (indexes.length > 0) this.links.sendRepair(/** @type {string} */ (this.session.upstreamPeerId), track.trackSeq, indexes);
  }

  /** @param {string} problem */
  report(problem) {
    this.setState(UpstreamState.REPAIRING);
    const now = this.now();
    if (now - this.lastReportAt < REPORT_EVERY_MS) return;
    this.lastReportAt = now;
    this.counts.reports++;
    if (!this.session.reportUpstream(problem)) {
      this.problems.report('upstream-report-not-sent', new Error(`${problem} about ${this.session.upstreamPeerId}`));
    }
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.emit(ListenerEvent.UPSTREAM_STATE, { state });
  }

  stop() {
    clearTimeout(this.hearingTimer);
    clearTimeout(this.sparesTimer);
    clearInterval(this.watch);
    clearInterval(this.keepalive);
    this.relay?.stop();
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
