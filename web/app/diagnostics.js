// The documented surface that tests and benchmarks read from a page, installed as
// `window.syncRoom`. Nothing else of the page is meant to be read from outside; the e2e
// harness (e2e-tests/.../ListeningSession.java) uses only this.
//
//   window.syncRoom = {
//     version: 1,
//     milestones: {            // page-clock (performance.now) ms of the first time each happened
//       scriptStarted, socketOpen, welcomed, joinSent, clockSynced, joinedRoom, channelOpen, firstChunk, firstScheduled
//     },
//     positionAt(serverMs),    // the room's track position (s) at that server time, or null
//     serverNow(),             // this page's estimate of the server clock (ms), or null unsynced
//     snapshot(): {
//       role: 'host' | 'listener' | null, peerId, hostPeerId, upstreamPeerId,
//       connections,           // signalling connections welcomed so far (2 after one reconnect)
//       serverConnected,       // the signalling socket is open
//       clockSynced, clockRttMs, driftPpm,
//       clockUncertaintyMs,    // one standard deviation of the offset estimate (asymmetry aside)
//       clockAsymmetryBoundMs, // the most an asymmetric path can bias it: half the fastest round trip
//       track: {trackSeq, title, durationSec, codec, ...} | null,
//       playback: {version, trackSeq, playing, position, at} | null,
//       positionSec,           // the room's track position now, or null
//       bufferedAheadSec,      // decoded audio held ahead of the position
//       requeues,              // times queued chunks were re-queued after a slip
//       output: {volume, muted, offsetMs, latencyAddedMs} // this device's settings (room/output-settings.js);
//                              // the output latency added because the browser's output timestamps
//                              // leave it out (clock/output-clock.js; Firefox), 0 where they carry it
//       downstreamLinks,       // open data channels to peers this page feeds
//       bytesSentDownstream,   // audio bytes this page sent the peers it feeds (host or relay)
//       feeds: [peerId],       // the peers the server says this page feeds
//       upstreamState,         // listener: 'flowing' | 'repairing' (see roles/listener.js)
//       envelopes: {chunks, forged, malformed, reports} // listener: what came from upstream
//       bufferHealth: {level, aheadSec, stalledMs, outputOn, missing, late, recovered} | null
//                              // listener: what its page shows (room/buffer-health.js): level
//                              // 'idle' | 'ok' | 'low' | 'starving' | 'silent'; seconds held ahead
//                              // without a gap; ms the flow has stood still; chunks missing when
//                              // their time came, arrived after it, asked for again and came in time
//       repairs: {asked, recovered, gaveUp, repairRttMs} | null // listener: its repair requests
//                              // (relay/repair-requests.js): indexes asked for (each try), asked-for
//                              // chunks that came, asked for and never came in time; answer round trip
//       leadMs: {p1, p50, count} | null // listener: how long before their time chunks arrived
//                              // while the room played (ms, server clock; media/arrival-lead.js)
//       resent,                // chunks this page sent again on its children's repair requests
//       codec: {name, decoded, silenced, dropped, skippedLate, coldStarts, firstSilencedIndex, firstScheduled} | null
//                              // this page's decoding of the track: chunks decoded, replaced by
//                              // silence (failed to decode), dropped (malformed, oversized), not
//                              // decoded because they would have been ready only after playing out
//                              // (a late joiner's backlog); decoded without their pre-roll; the
//                              // first silenced chunk's index; the first
//                              // chunk the player scheduled {index, offsetSec into it, aheadSec of now}
//       problems: {kind: count} // everything reported through problems.js
//       roster: {entries: [{peerId, role, name, browser, connection, offsetMs, bufferAheadSec, missed}],
//                listenerCount, updates, restart} // the room's last roster (room/roster.js): offsetMs is this
//                              // page's server-clock error as the server saw it (ms, null before a status);
//                              // restart (host): {at, reported, minLeadMs} of the last play or seek, or null
//       commandLeadMs,         // host: how far ahead its next play or seek is stamped (room/command-lead.js)
//       restartLead: {at, leadMs} | null // listener: how the room's last restart landed here (media/restart-lead.js)
//       statusesSent,          // member-status messages this page sent (room/member-status.js)
//       removed,               // the host took this page out of the room (socket closed with 4004)
//     },
//     faults: {
//       dropServerConnection({reconnect}) // closes the signalling socket; reconnects unless told not to
//       tamperRelay(kind)      // this relay misbehaves: 'flip-bytes' | 'forge-pause' (relay/faults.js)
//       cutUpstream()          // listener: drops all that comes from upstream until restoreUpstream()
//       restoreUpstream()      //   (roles/listener-faults.js)
//     }
//   }
//
// Rendered clicks are not here: the measurement tap (measure/tap.js, ?measure) dispatches
// 'syncroom:rendered' window events, which the harness's init script records.

import { PeerLinkEvent } from './links/peer-links.js';
import { PlayerEvent } from './player/player.js';
import { tamperRelay } from './relay/faults.js';
import { cutUpstream } from './roles/listener-faults.js';
import { SessionEvent } from './room/session.js';
import { SocketEvent } from './signaling.js';

export const DIAGNOSTICS_VERSION = 1;

export class Diagnostics {
  /**
   * @param {{session: import('./room/session.js').RoomSession,
   *   signaling: import('./signaling.js').Signaling,
   *   player: import('./player/player.js').Player,
   *   links: import('./links/peer-links.js').PeerLinks,
   *   problems: import('./problems.js').Problems, now?: () => number}} deps
   */
  constructor({ session, signaling, player, links, problems, now = () => performance.now() }) {
    this.session = session;
    this.signaling = signaling;
    this.player = player;
    this.links = links;
    this.problems = problems;
    this.now = now;
    this.version = DIAGNOSTICS_VERSION;
    /** @type {Record<string, number>} */
    this.milestones = {};
    /**
     * @param {EventTarget} target @param {string} type @param {string} name
     * @param {(e: any) => boolean} [when]
     */
    const on = (target, type, name, when = () => true) => target.addEventListener(type, (e) => {
      if (when(e)) this.mark(name);
    });
    this.mark('scriptStarted'); // the page's script runs: its HTML and main.js have come
    // When it really opened: the early socket (boot/early-socket.js) may have opened before this script ran.
    signaling.addEventListener(SocketEvent.OPEN, (e) => this.mark('socketOpen', /** @type {CustomEvent} */ (e).detail?.atMs));
    on(session, SessionEvent.WELCOMED, 'welcomed');
    on(session, SessionEvent.CLOCK_SYNCED, 'clockSynced');
    // The early socket may have sent the join before this script ran: its own time then.
    session.addEventListener(SessionEvent.JOIN_SENT, (e) => this.mark('joinSent', /** @type {CustomEvent} */ (e).detail.atMs));
    on(session, SessionEvent.ENTERED, 'joinedRoom');
    on(links, PeerLinkEvent.DOWNSTREAM_OPEN, 'channelOpen');
    on(links, PeerLinkEvent.UPSTREAM_OPEN, 'channelOpen');
    on(links, PeerLinkEvent.UPSTREAM_MESSAGE, 'firstChunk', (e) => typeof e.detail.data !== 'string');
    on(player, PlayerEvent.FIRST_SCHEDULED, 'firstScheduled');
    /** @type {{index: number, offsetSec: number, aheadSec: number} | null} */
    this.firstScheduled = null;
    player.addEventListener(PlayerEvent.FIRST_SCHEDULED, (e) => {
      const { index, offsetSec, aheadSec } = /** @type {CustomEvent} */ (e).detail;
      this.firstScheduled = { index, offsetSec, aheadSec };
    });
    /** @type {import('./roles/listener.js').ListenerRole | null} */
    this.listener = null;
    /** @type {import('./roles/host.js').HostRole | null} */
    this.host = null;
    /** @type {import('./room/member-status.js').StatusReporter | null} */
    this.reporter = null;
    /** @type {(() => void) | null} lifts faults.cutUpstream */
    this.restoreUpstream = null;
    this.faults = Object.freeze({
      /** @param {{reconnect?: boolean}} [options] */
      dropServerConnection: ({ reconnect = true } = {}) => (reconnect ? signaling.drop() : signaling.close()),
      /** @param {string} kind */
      tamperRelay: (kind) => {
        if (!this.listener?.relay) throw new Error('this page is not a relay');
        return tamperRelay(this.listener.relay, kind);
      },
      cutUpstream: () => {
        if (!this.listener) throw new Error('this page is not a listener');
        this.restoreUpstream ??= cutUpstream(this.listener);
      },
      restoreUpstream: () => {
        this.restoreUpstream?.();
        this.restoreUpstream = null;
      },
    });
  }

  /** The listener role, once the page has one. @param {import('./roles/listener.js').ListenerRole} role */
  watchListener(role) {
    this.listener = role;
  }

  /** @param {import('./room/member-status.js').StatusReporter} reporter */
  watchReporter(reporter) {
    this.reporter = reporter;
  }

  /** The host role, once the page has one. @param {import('./roles/host.js').HostRole} role */
  watchHost(role) {
    this.host = role;
  }

  codecCounts() {
    const intake = this.listener?.intake ?? this.host?.intake;
    if (!intake) return null;
    return { name: intake.codec.name, ...intake.counts, coldStarts: intake.coldStarts,
      firstSilencedIndex: intake.firstSilencedIndex, firstScheduled: this.firstScheduled };
  }

  /** @param {number} serverMs */
  positionAt(serverMs) {
    return this.session.positionAt(serverMs);
  }

  serverNow() {
    return this.session.clock.synced ? this.session.clock.serverNow() : null;
  }

  /** @param {string} name @param {number} [atMs] when it happened, if not now */
  mark(name, atMs = this.now()) {
    if (!(name in this.milestones)) this.milestones[name] = atMs;
  }

  snapshot() {
    const { session, player, links } = this;
    const clock = session.clock;
    return {
      role: session.role,
      peerId: session.peerId,
      hostPeerId: session.hostPeerId,
      upstreamPeerId: session.upstreamPeerId,
      connections: session.connections,
      serverConnected: this.signaling.open,
      clockSynced: clock.synced,
      clockRttMs: clock.lastRtt,
      driftPpm: clock.driftPpm,
      clockUncertaintyMs: clock.uncertaintyMs,
      clockAsymmetryBoundMs: clock.asymmetryBoundMs,
      track: session.track,
      playback: session.playback,
      positionSec: session.positionNow(),
      bufferedAheadSec: session.track ? player.bufferedAheadSec() : 0,
      requeues: player.requeued,
      output: {
        volume: player.settings.volume, muted: player.settings.muted, offsetMs: player.settings.offsetMs,
        latencyAddedMs: player.outputClock.addedLatencyMs,
      },
      downstreamLinks: links.openDownstreamCount,
      bytesSentDownstream: (this.host?.streamer ?? this.listener?.relay?.streamer)?.bytesSent ?? 0,
      feeds: [...session.feeds],
      upstreamState: this.listener?.state ?? null,
      envelopes: this.listener ? { ...this.listener.counts } : null,
      bufferHealth: this.listener ? this.listener.health.snapshot() : null,
      repairs: this.listener ? { ...this.listener.repairs.counts, repairRttMs: this.listener.repairs.repairRttMs } : null,
      leadMs: this.listener ? this.listener.lead.snapshot() : null,
      resent: (this.host?.streamer ?? this.listener?.relay?.streamer)?.resent ?? 0,
      codec: this.codecCounts(),
      problems: this.problems.snapshot(),
      roster: {
        entries: session.roster.entries.map((e) => ({ ...e })), listenerCount: session.roster.listenerCount,
        updates: session.roster.updates, restart: session.roster.restart,
      },
      commandLeadMs: this.host?.commandLead.leadMs ?? null,
      restartLead: this.listener?.restartLead.measured() ?? null,
      statusesSent: this.reporter?.sent ?? 0,
      removed: session.removed,
    };
  }
}
