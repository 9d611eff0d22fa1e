// The room session: the one owner of this page's place in a room (role, peer ids, who is
// upstream and who this page feeds in the relay tree, the host's signing key, the listeners a
// host has, who is in the room (its roster), the track and the playback state) and the only module
// that speaks the signalling protocol. It applies the recency rules once (a track only
// replaces an older track; a playback state only a lower version, whichever channel brings
// it) and tells everyone else through events. No DOM: views render what it emits.

import { CloseCode, ErrorCode, Role, ServerType, build, rtcConfiguration } from '../protocol.js';
import { SocketEvent } from '../signaling.js';
import { isNewer, positionAt } from './playback.js';
import { TrackQueue } from './queue.js';
import { Roster } from './roster.js';

/** Events of the session; each carries its news in `detail`. */
export const SessionEvent = Object.freeze({
  /** {connected: boolean} the signalling socket opened or closed */
  SERVER_CONNECTION: 'session-server-connection',
  /** {peerId} the server greeted this connection */
  WELCOMED: 'session-welcomed',
  /** {} the clock's first burst is in: server time can be read */
  CLOCK_SYNCED: 'session-clock-synced',
  /** {atMs} this page asked to join a room by invite (atMs: when the join left, on this page's clock) */
  JOIN_SENT: 'session-join-sent',
  /** {} this page is in no room and has no invite or host seat to take: it may create one */
  NEEDS_ROOM: 'session-needs-room',
  /** {inviteUrl} the link listeners open */
  INVITE: 'session-invite',
  /** {role, listeners} this page is in the room (again, after a reconnect) */
  ENTERED: 'session-entered',
  /** {track} a newer track */
  TRACK: 'session-track',
  /** {previous, playback} a newer playback state */
  PLAYBACK: 'session-playback',
  /** {peerId} (host) a listener joined */
  LISTENER_JOINED: 'session-listener-joined',
  /** {peerId} (host) a listener left */
  LISTENER_LEFT: 'session-listener-left',
  /** {online} (listener) the host's connection to the server came or went */
  HOST_PRESENCE: 'session-host-presence',
  /** {code, message} the server refused a request */
  REFUSED: 'session-refused',
  /** {from, data} a WebRTC payload from another peer */
  SIGNAL: 'session-signal',
  /** {peerId, previous} the server gave this page a (new) upstream peer */
  UPSTREAM: 'session-upstream',
  /** {peerId, spareId} the server asks this page to feed that peer (spareId: the spare offer of ours it already has, or null) */
  FEED: 'session-feed',
  /** {peerId} ... and to stop feeding it */
  UNFEED: 'session-unfeed',
  /** {count} (relay) the server asks this page to keep that many spare offers */
  SPARES: 'session-spares',
  /** {peerId} (an understudy) keep an idle standby link open to that peer, ready to feed it */
  STANDBY_FEED: 'session-standby-feed',
  /** {peerId} that standby link is no longer wanted (either end) */
  STANDBY_END: 'session-standby-end',
  /** {hostKey} the host's public signing key is known or changed */
  HOST_KEY: 'session-host-key',
  /** {reason} the host took this listener out of the room; the page does not reconnect */
  REMOVED: 'session-removed',
});

/**
 * @typedef {import('../protocol.js').TrackInfo} TrackInfo
 * @typedef {import('../protocol.js').PlaybackState} PlaybackState
 * @typedef {{get: () => string | null, set: (token: string) => void, clear: () => void}} TokenStore
 */

export class RoomSession extends EventTarget {
  /**
   * @param {{signaling: import('../signaling.js').Signaling,
   *   clock: import('../clock/server-clock-estimate.js').ServerClockEstimate,
   *   invite?: string | null, hostTokens: TokenStore, relay?: boolean,
   *   hostKey?: () => Promise<string>,
   *   problems: import('../problems.js').Problems}} deps
   * `relay` says whether this page offers to feed other listeners; `hostKey()` gives the public
   * key this page signs with should it host.
   */
  constructor({ signaling, clock, invite = null, hostTokens, problems, relay = true, hostKey = () => Promise.resolve('') }) {
    super();
    this.signaling = signaling;
    this.clock = clock;
    this.invite = invite;
    this.hostTokens = hostTokens;
    this.problems = problems;
    this.relay = relay;
    this.ownHostKey = hostKey;
    /** @type {string | null} the key every chunk and pulse must be signed with */
    this.hostKey = null;
    /** @type {string | null} the peer the server says this page takes audio from */
    this.upstream = null;
    /** @type {Set<string>} the peers the server says this page feeds */
    this.feeds = new Set();
    /**
     * @type {Set<string>} the understudies the server says may open an idle standby link to this
     * page (links/peer-links.js accepts their offers; nothing is taken from them until one is named upstream)
     */
    this.standbyUpstreams = new Set();
    /** @type {string | null} */ this.role = null;
    /** @type {string | null} */ this.peerId = null;
    /** @type {string | null} */ this.roomId = null;
    /** @type {string | null} */ this.hostPeerId = null;
    this.hostOnline = false;
    /** @type {Set<string>} listeners in the room, as the host knows them */
    this.listeners = new Set();
    /** @type {TrackInfo | null} */ this.track = null;
    /** @type {PlaybackState | null} */ this.playback = null;
    /** @type {string | null} */ this.inviteUrl = null;
    /** @type {RTCConfiguration} every peer connection's ICE configuration (the server's `ice-config`) */
    this.iceConfiguration = { iceServers: [] };
    /** the host's queue of files to play (room/queue.js); empty on a listener's page */
    this.queue = new TrackQueue();
    this.connections = 0;
    this.serverConnected = false;
    /** who is in the room, as the server's last `roster` says (room/roster.js) */
    this.roster = new Roster();
    /** true once the host took this listener out of the room */
    this.removed = false;

    signaling.addEventListener(SocketEvent.OPEN, () => this.setServerConnected(true));
    signaling.addEventListener(SocketEvent.CLOSE, (e) => {
      this.setServerConnected(false);
      const { code, reason } = /** @type {CustomEvent} */ (e).detail ?? {};
      if (code === CloseCode.REMOVED_BY_HOST) this.onRemoved(reason);
    });
    signaling.on(ServerType.ROSTER, (m) => this.roster.apply(m));
    signaling.on(ServerType.WELCOME, (m) => this.onWelcome(m));
    signaling.on(ServerType.ROOM_CREATED, (m) => this.onRoomCreated(m));
    signaling.on(ServerType.ICE_CONFIG, (m) => { this.iceConfiguration = rtcConfiguration(m); });
    signaling.on(ServerType.JOINED, (m) => this.onJoined(m));
    signaling.on(ServerType.PEER_JOINED, (m) => this.onPeerJoined(m));
    signaling.on(ServerType.PEER_LEFT, (m) => this.onPeerLeft(m));
    signaling.on(ServerType.TRACK, (m) => this.applyTrack(m.track));
    signaling.on(ServerType.PLAYBACK, (m) => this.applyPlayback(m.playback));
    signaling.on(ServerType.ERROR, (m) => this.onRefused(m));
    signaling.on(ServerType.SIGNAL, (m) => this.emit(SessionEvent.SIGNAL, { from: m.from, data: m.data }));
    signaling.on(ServerType.UPSTREAM, (m) => {
      this.setUpstream(m.peerId ?? null);
      // The new parent's offer, made ahead of time, comes with the order: answered as if the
      // parent had sent it, and the answer names it (links/peer-links.js).
      if (m.offer && m.peerId) {
        this.emit(SessionEvent.SIGNAL, { from: m.peerId, data: { description: m.offer.description, spareId: m.offer.id } });
      }
    });
    signaling.on(ServerType.FEED, (m) => this.feed(m.peerId, m.spareId ?? null));
    signaling.on(ServerType.UNFEED, (m) => this.unfeed(m.peerId));
    signaling.on(ServerType.SPARES, (m) => this.emit(SessionEvent.SPARES, { count: m.count }));
    signaling.on(ServerType.STANDBY_FEED, (m) => this.emit(SessionEvent.STANDBY_FEED, { peerId: m.peerId }));
    signaling.on(ServerType.STANDBY_UPSTREAM, (m) => this.standbyUpstreams.add(m.peerId));
    signaling.on(ServerType.STANDBY_END, (m) => {
      this.standbyUpstreams.delete(m.peerId);
      this.emit(SessionEvent.STANDBY_END, { peerId: m.peerId });
    });
  }

  /** The peer this page takes audio and pulses from: its parent in the relay tree. */
  get upstreamPeerId() {
    return this.role === Role.LISTENER ? this.upstream : null;
  }

  get isHost() {
    return this.role === Role.HOST;
  }

  /** True for a listener the server has left without a parent for now (no free slot in the tree). */
  get waitingForUpstream() {
    return this.role === Role.LISTENER && this.upstream === null;
  }

  // ---- what the page asks for ------------------------------------------------------------

  async createRoom() {
    return this.signaling.send(build.createRoom(await this.ownHostKey()));
  }

  /**
   * Tells the server what is wrong with this page's upstream peer, so it moves this page.
   * @param {string} problem UpstreamProblem
   */
  reportUpstream(problem) {
    const peerId = this.upstreamPeerId;
    return Boolean(peerId) && this.signaling.open && this.signaling.send(build.report(problem, peerId));
  }

  /**
   * Tells the server this listener started hearing track `trackSeq` (first audio rendered after
   * a join, a track change or a resume); in a room on the public globe it becomes a play.
   * @param {number} trackSeq
   */
  reportHearing(trackSeq) {
    return this.signaling.open && this.signaling.send(build.hearing(trackSeq));
  }

  /** @param {Parameters<typeof build.announceTrack>[0]} track */
  announceTrack(track) {
    return this.signaling.send(build.announceTrack(track));
  }

  /** @param {number} position track s @param {number} at server ms */
  play(position, at) {
    return this.signaling.send(build.play(position, at));
  }

  /** @param {number} position @param {number} at */
  pause(position, at) {
    return this.signaling.send(build.pause(position, at));
  }

  /** @param {number} position @param {number} at */
  seek(position, at) {
    return this.signaling.send(build.seek(position, at));
  }

  /**
   * Tells the server which spare offers this page holds ready now (it hands each to the next
   * listener it places under this page); false when not in a room or the server is out of reach.
   * @param {Parameters<typeof build.spareOffers>[0]} offers
   */
  sendSpareOffers(offers) {
    return Boolean(this.roomId) && this.signaling.open && this.signaling.send(build.spareOffers(offers));
  }

  /**
   * (listener) Tells the server how the room's last restart landed here (protocol.js
   * build.restartLead); false when not in a room or not connected.
   * @param {number} at @param {number} leadMs
   */
  reportRestartLead(at, leadMs) {
    return Boolean(this.roomId) && this.signaling.open && this.signaling.send(build.restartLead(at, leadMs));
  }

  /**
   * Tells the server how this page is doing, for the room's roster; false when not in a room
   * or the server is out of reach.
   * @param {Parameters<typeof build.memberStatus>[0]} status
   */
  sendMemberStatus(status) {
    return Boolean(this.roomId) && this.signaling.open && this.signaling.send(build.memberStatus(status));
  }

  /**
   * Host only: asks the server to take listener `peerId` out of the room (its socket is closed;
   * the server refuses anyone else with not-host).
   * @param {string} peerId
   */
  removeListener(peerId) {
    return this.isHost && this.signaling.open && this.signaling.send(build.removeListener(peerId));
  }

  /** Sends a WebRTC payload to another peer; false when the server is out of reach. */
  sendSignal(to, data) {
    return this.signaling.open && this.signaling.send(build.signal(to, data));
  }

  /**
   * A sync pulse relayed over the data channel: the same track and playback state the server
   * broadcast, applied under the same rules.
   * @param {{track: TrackInfo, playback: PlaybackState}} pulse
   */
  applyPulse(pulse) {
    this.applyTrack(pulse.track);
    this.applyPlayback(pulse.playback);
  }

  // ---- derived state ---------------------------------------------------------------------

  /**
   * Track position (s) at server time `serverMs`, or null when nothing plays on this track.
   * @param {number} serverMs
   */
  positionAt(serverMs) {
    const p = this.playback;
    if (!p || !this.track || p.trackSeq !== this.track.trackSeq) return null;
    return positionAt(p, serverMs);
  }

  /** Track position (s) right now, or null before the clock is synced or a track plays. */
  positionNow() {
    return this.clock.synced ? this.positionAt(this.clock.serverNow()) : null;
  }

  /** True when the playback state says the current track is playing. */
  get playing() {
    const p = this.playback;
    return Boolean(p && p.playing && this.track && p.trackSeq === this.track.trackSeq);
  }

  // ---- what the server says --------------------------------------------------------------

  setServerConnected(connected) {
    this.serverConnected = connected;
    this.emit(SessionEvent.SERVER_CONNECTION, { connected });
  }

  onWelcome({ peerId }) {
    this.peerId = peerId;
    this.connections++;
    this.emit(SessionEvent.WELCOMED, { peerId });
    if (!this.clock.synced) {
      this.clock.start().then(
        () => this.emit(SessionEvent.CLOCK_SYNCED, {}),
        (e) => this.problems.report('clock-sync-failed', e, 'Cannot sync with the server clock; retrying on reconnect.'),
      );
    }
    const hostToken = this.hostTokens.get();
    if (this.invite) {
      // On the first socket the early script may have sent this very join (boot/early-socket.js).
      const early = this.signaling.takeEarlyJoin();
      if (early && early.invite === this.invite && early.relay === this.relay) {
        this.emit(SessionEvent.JOIN_SENT, { atMs: early.atMs });
      } else {
        if (early) this.problems.report('early-join-differs', new Error(`early ${JSON.stringify(early)}; page relay=${this.relay}`));
        if (this.signaling.send(build.join(this.invite, this.relay))) this.emit(SessionEvent.JOIN_SENT, { atMs: undefined });
      }
    } else if (hostToken) {
      this.ownHostKey().then((key) => this.signaling.send(build.resumeHost(hostToken, key)));
    } else {
      this.emit(SessionEvent.NEEDS_ROOM, {});
    }
  }

  onRoomCreated({ hostToken, inviteUrl }) {
    this.hostTokens.set(hostToken);
    this.inviteUrl = inviteUrl;
    this.emit(SessionEvent.INVITE, { inviteUrl });
  }

  onJoined({ roomId, role, hostPeerId, listeners, track, playback, hostKey, upstreamPeerId, feed, inviteUrl }) {
    this.roomId = roomId;
    // A host that resumed its seat (a reload) gets the invite again with its joined.
    if (role === Role.HOST && inviteUrl && inviteUrl !== this.inviteUrl) {
      this.inviteUrl = inviteUrl;
      this.emit(SessionEvent.INVITE, { inviteUrl });
    }
    this.role = role;
    this.hostPeerId = hostPeerId ?? null;
    this.hostOnline = Boolean(hostPeerId);
    this.listeners = new Set(role === Role.HOST ? listeners ?? [] : []);
    this.setHostKey(hostKey ?? null);
    const previousUpstream = this.upstream;
    this.upstream = upstreamPeerId ?? null;
    this.feeds = new Set();
    this.standbyUpstreams = new Set();
    this.emit(SessionEvent.ENTERED, { role, listeners: [...this.listeners] });
    // After a reconnect the server may place this page under another parent than before.
    if (this.upstream) this.emit(SessionEvent.UPSTREAM, { peerId: this.upstream, previous: previousUpstream });
    for (const peerId of feed ?? []) this.feed(peerId);
    if (track) this.applyTrack(track);
    if (playback) this.applyPlayback(playback);
  }

  setUpstream(peerId) {
    const previous = this.upstream;
    // The same parent again is news too: the server asked it for a fresh link, the first one
    // never having opened (docs/protocol.md, "upstream"); only "still waiting" is not.
    if (previous === peerId && peerId === null) return;
    this.upstream = peerId;
    this.emit(SessionEvent.UPSTREAM, { peerId, previous });
  }

  /** @param {string} peerId @param {string | null} [spareId] the spare offer of ours it already has */
  feed(peerId, spareId = null) {
    this.feeds.add(peerId);
    this.emit(SessionEvent.FEED, { peerId, spareId });
  }

  unfeed(peerId) {
    if (this.feeds.delete(peerId)) this.emit(SessionEvent.UNFEED, { peerId });
  }

  setHostKey(hostKey) {
    if (!hostKey || hostKey === this.hostKey) return;
    this.hostKey = hostKey;
    this.emit(SessionEvent.HOST_KEY, { hostKey });
  }

  onPeerJoined({ peerId, role, hostKey }) {
    if (role === Role.HOST) {
      this.hostPeerId = peerId;
      this.setHostKey(hostKey ?? null);
      this.setHostOnline(true);
    } else if (role === Role.LISTENER && this.isHost) {
      this.listeners.add(peerId);
      this.emit(SessionEvent.LISTENER_JOINED, { peerId });
    }
  }

  onPeerLeft({ peerId, role }) {
    if (role === Role.LISTENER && this.listeners.delete(peerId)) {
      this.emit(SessionEvent.LISTENER_LEFT, { peerId });
    } else if (role === Role.HOST && peerId === this.hostPeerId) {
      this.setHostOnline(false);
    }
  }

  /** @param {string} reason the close frame's text */
  onRemoved(reason) {
    if (this.removed) return;
    this.removed = true;
    this.roomId = null;
    // Out of the room, nothing plays: the player queues no more (its queued audio is cut by roles/removal.js).
    this.playback = null;
    this.upstream = null;
    this.feeds = new Set();
    this.roster.clear();
    this.emit(SessionEvent.REMOVED, { reason });
  }

  setHostOnline(online) {
    this.hostOnline = online;
    this.emit(SessionEvent.HOST_PRESENCE, { online });
  }

  onRefused({ code, message }) {
    if (code === ErrorCode.UNKNOWN_HOST_TOKEN) {
      this.hostTokens.clear();
      this.emit(SessionEvent.NEEDS_ROOM, {});
      return;
    }
    this.emit(SessionEvent.REFUSED, { code, message });
  }

  /** @param {TrackInfo} track */
  applyTrack(track) {
    if (this.track && track.trackSeq <= this.track.trackSeq) return;
    this.track = track;
    this.emit(SessionEvent.TRACK, { track });
  }

  /** @param {PlaybackState} playback */
  applyPlayback(playback) {
    const previous = this.playback;
    if (!isNewer(previous, playback)) return;
    this.playback = playback;
    this.emit(SessionEvent.PLAYBACK, { previous, playback });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
