// The wire vocabulary of the browser client, in one place: message types, roles, error codes,
// codec names, builders for what the page sends and checks for what it receives. No other
// module spells a message type (web/test/layout.test.mjs enforces it). The server's side of
// the same vocabulary is signaling/.../protocol/; docs/protocol.md is the reference and
// docs/protocol-examples.json holds examples that both sides' tests decode.

/** Client → server message types. */
export const ClientType = Object.freeze({
  TIME_REQUEST: 'time-request',
  CREATE_ROOM: 'create-room',
  RESUME_HOST: 'resume-host',
  JOIN: 'join',
  SIGNAL: 'signal',
  ANNOUNCE_TRACK: 'announce-track',
  PLAY: 'play',
  PAUSE: 'pause',
  SEEK: 'seek',
  REPORT: 'report',
  HEARING: 'hearing',
  RESTART_LEAD: 'restart-lead',
  SPARE_OFFERS: 'spare-offers',
  MEMBER_STATUS: 'member-status',
  REMOVE_LISTENER: 'remove-listener',
});

/** Server → client message types. */
export const ServerType = Object.freeze({
  WELCOME: 'welcome',
  TIME_RESPONSE: 'time-response',
  ROOM_CREATED: 'room-created',
  JOINED: 'joined',
  PEER_JOINED: 'peer-joined',
  PEER_LEFT: 'peer-left',
  SIGNAL: 'signal',
  TRACK: 'track',
  PLAYBACK: 'playback',
  UPSTREAM: 'upstream',
  FEED: 'feed',
  UNFEED: 'unfeed',
  SPARES: 'spares',
  ICE_CONFIG: 'ice-config',
  STANDBY_FEED: 'standby-feed',
  STANDBY_UPSTREAM: 'standby-upstream',
  STANDBY_END: 'standby-end',
  ROSTER: 'roster',
  ERROR: 'error',
});

/** `ice-config.iceTransportPolicy`: the RTCIceTransportPolicy every peer connection uses. */
export const IcePolicy = Object.freeze({ ALL: 'all', RELAY: 'relay' });

/** What a listener may report about its upstream peer (`report {problem, peerId}`). */
export const UpstreamProblem = Object.freeze({
  /** chunks stopped arriving while the room plays */
  STARVING: 'starving',
  /** something from it failed signature verification */
  TAMPERING: 'tampering',
  /** the link to it never opened */
  UNREACHABLE: 'unreachable',
});

/** Text messages on the data channel (peer to peer). */
export const PeerType = Object.freeze({
  /** parent to child, inside a signed envelope: the room's track and playback state */
  PULSE: 'pulse',
  /** child to parent, plain text once a second: "I am still here" */
  KEEPALIVE: 'keepalive',
  /** child to parent, plain text: "send me these chunks again" (relay/repair-requests.js) */
  REPAIR: 'repair',
});

/** The one text a child sends its parent (a fixed string: nothing to parse, nothing to forge). */
export const KEEPALIVE_TEXT = JSON.stringify({ type: PeerType.KEEPALIVE });

export const Role = Object.freeze({
  HOST: 'host',
  LISTENER: 'listener',
});

/**
 * How a page gets the room's audio (`member-status.connection`, roster entries): the host is the
 * source; a listener is fed by the host (direct), by a relay listener (relayed), through a TURN
 * server (turn, whoever feeds it), or has no parent yet (waiting).
 */
export const ConnectionKind = Object.freeze({
  HOST: 'host', DIRECT: 'direct', RELAYED: 'relayed', TURN: 'turn', WAITING: 'waiting',
});

/** WebSocket close codes the server ends a socket with (RFC 6455 §7.4.2, the application range). */
export const CloseCode = Object.freeze({
  SLOW_READER: 4001,
  RATE_LIMIT: 4002,
  MALFORMED: 4003,
  /** the host took this listener out of the room (`remove-listener`): do not reconnect */
  REMOVED_BY_HOST: 4004,
});

/** Longest display name the server keeps (longer ones are cut); the name field holds no more. */
export const MAX_DISPLAY_NAME_CHARS = 40;
/** The server keeps this many listeners' entries in a roster (after the host's); `listenerCount` counts all. */
export const MAX_ROSTER_LISTENERS = 49;

/** Error codes the server may answer with (`error {code, message}`). */
export const ErrorCode = Object.freeze({
  BAD_JSON: 'bad-json',
  UNKNOWN_TYPE: 'unknown-type',
  BAD_MESSAGE: 'bad-message',
  ALREADY_IN_ROOM: 'already-in-room',
  NOT_IN_ROOM: 'not-in-room',
  UNKNOWN_INVITE: 'unknown-invite',
  UNKNOWN_HOST_TOKEN: 'unknown-host-token',
  NOT_HOST: 'not-host',
  UNKNOWN_PEER: 'unknown-peer',
  NO_TRACK: 'no-track',
  BAD_POSITION: 'bad-position',
  BAD_TIME: 'bad-time',
  ROOM_FULL: 'room-full',
  RATE_LIMITED: 'rate-limited',
  SERVER_FULL: 'server-full',
});

/** Names of the audio codecs a track can be announced with (the `codec` field of track info). */
export const CodecName = Object.freeze({
  PCM16: 'pcm16',
  OPUS: 'opus',
});

/** The label of the one data channel every peer link carries. */
export const AUDIO_CHANNEL_LABEL = 'audio';
/**
 * How long the channel's SCTP keeps trying to deliver a message (RFC 8831 §6.6, "timed
 * reliability", `maxPacketLifeTime`): long enough for its own retransmissions of a lost packet
 * at any round trip a room plays over, far shorter than the 4 s a chunk is sent ahead of its
 * time; after it, a chunk still missing is asked for again (`repair`), from whichever parent
 * feeds the page then.
 */
export const AUDIO_PACKET_LIFETIME_MS = 1500;
/**
 * Its SCTP stream id. Both ends create the channel themselves (`negotiated: true`, RFC 8831
 * §6.5) instead of the offerer announcing it (RFC 8832 DATA_CHANNEL_OPEN): it is open the moment
 * the SCTP association is up, a round trip sooner, which a re-parented listener spends from its
 * buffer.
 */
export const AUDIO_CHANNEL_ID = 0;

// ---- builders: the only way the page makes a message ------------------------------------

/**
 * @typedef {{trackSeq: number, title: string, durationSec: number, sampleRate: number,
 *   channels: number, chunkFrames: number, codec: string, globe: boolean}} TrackInfo
 * @typedef {{artist: string, title: string}} TrackTags artist and title from the file ('' when absent)
 * @typedef {{version: number, trackSeq: number, playing: boolean, position: number, at: number}} PlaybackState
 * @typedef {{type: string, [field: string]: any}} Message
 */

export const build = Object.freeze({
  /** @param {number} t0 */
  timeRequest: (t0) => ({ type: ClientType.TIME_REQUEST, t0 }),
  /** @param {string} hostKey the host's public signing key (base64url, raw Ed25519) */
  createRoom: (hostKey) => ({ type: ClientType.CREATE_ROOM, hostKey }),
  /** @param {string} hostToken @param {string} hostKey */
  resumeHost: (hostToken, hostKey) => ({ type: ClientType.RESUME_HOST, hostToken, hostKey }),
  /** @param {string} invite @param {boolean} relay whether this page may feed other listeners */
  join: (invite, relay) => ({ type: ClientType.JOIN, invite, relay }),
  /** @param {string} problem UpstreamProblem @param {string} peerId the upstream peer it is about */
  report: (problem, peerId) => ({ type: ClientType.REPORT, problem, peerId }),
  /** @param {string} to @param {object} data */
  signal: (to, data) => ({ type: ClientType.SIGNAL, to, data }),
  /**
   * `globe`: the host shows this room on the public globe; `tags` make the track's key there.
   * @param {Omit<TrackInfo, 'trackSeq'> & {tags: TrackTags}} track
   */
  announceTrack: ({ title, durationSec, sampleRate, channels, chunkFrames, codec, tags, globe }) => ({
    type: ClientType.ANNOUNCE_TRACK, title, durationSec, sampleRate, channels, chunkFrames, codec,
    tags: { artist: tags.artist, title: tags.title }, globe,
  }),
  /** @param {number} trackSeq the track this listener's first audio was rendered of */
  hearing: (trackSeq) => ({ type: ClientType.HEARING, trackSeq }),
  /** @param {{id: string, description: RTCSessionDescriptionInit}[]} offers the spare offers held ready now */
  spareOffers: (offers) => ({ type: ClientType.SPARE_OFFERS, offers }),
  /**
   * This page's word about itself for the room's roster (docs/protocol.md, `member-status`).
   * @param {{name: string, browser: string, connection: string, serverNowMs: number,
   *   bufferAheadSec: number, missed: number}} status `serverNowMs`: this page's estimate of
   *   server time as it sends; `connection`: ConnectionKind
   */
  memberStatus: ({ name, browser, connection, serverNowMs, bufferAheadSec, missed }) => ({
    type: ClientType.MEMBER_STATUS, name, browser, connection, serverNowMs, bufferAheadSec, missed,
  }),
  /**
   * (listener) How the room's last restart, the play or seek taking effect at server time `at`,
   * landed here: the chunk holding the new position came `leadMs` before `at` (room/command-lead.js).
   * @param {number} at @param {number} leadMs
   */
  restartLead: (at, leadMs) => ({ type: ClientType.RESTART_LEAD, at, leadMs }),
  /** @param {string} peerId host only: the listener to take out of the room */
  removeListener: (peerId) => ({ type: ClientType.REMOVE_LISTENER, peerId }),
  /** @param {number} position track seconds @param {number} at server ms */
  play: (position, at) => ({ type: ClientType.PLAY, position, at }),
  /** @param {number} position @param {number} at */
  pause: (position, at) => ({ type: ClientType.PAUSE, position, at }),
  /** @param {number} position @param {number} at */
  seek: (position, at) => ({ type: ClientType.SEEK, position, at }),
  /**
   * The host's sync pulse over the data channel.
   * @param {number} serverTime @param {TrackInfo} track @param {PlaybackState} playback
   */
  pulse: (serverTime, track, playback) => ({ type: PeerType.PULSE, serverTime, track, playback }),
  /**
   * A child's request to its parent for chunks it misses (data channel text).
   * @param {number} trackSeq @param {number[]} indexes at most MAX_REPAIR_INDEXES
   */
  repair: (trackSeq, indexes) => ({ type: PeerType.REPAIR, trackSeq, indexes }),
});

// ---- checks: what arrives is validated once, here ----------------------------------------

/** A message that does not have the shape its type promises. */
export class MalformedMessage extends Error {
  /** @param {string} type @param {string} reason */
  constructor(type, reason) {
    super(`malformed ${type} message: ${reason}`);
    this.name = 'MalformedMessage';
    this.type = type;
  }
}

/** The most spare offers the server may ask a page to keep (`spares {count}`), and a page may name (`spare-offers`). */
export const MAX_SPARES = 8;
const isString = (v) => typeof v === 'string';
const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v) => typeof v === 'boolean';
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStringList = (v) => Array.isArray(v) && v.every(isString);
const optional = (check) => (v) => v === undefined || v === null || check(v);

const TRACK_FIELDS = {
  trackSeq: isNumber, title: isString, durationSec: isNumber, sampleRate: isNumber, channels: isNumber,
  chunkFrames: isNumber, codec: isString, globe: isBoolean,
};
const PLAYBACK_FIELDS = { version: isNumber, trackSeq: isNumber, playing: isBoolean, position: isNumber, at: isNumber };
const isTrack = (v) => isObject(v) && Object.entries(TRACK_FIELDS).every(([k, check]) => check(v[k]));
const isSpareOffer = (v) => isObject(v) && isString(v.id) && isObject(v.description)
  && v.description.type === 'offer' && isString(v.description.sdp);
const isIceServer = (v) => isObject(v) && isStringList(v.urls) && optional(isString)(v.username)
  && optional(isString)(v.credential);
const isRosterEntry = (v) => isObject(v) && isString(v.peerId) && (v.role === Role.HOST || v.role === Role.LISTENER)
  && isString(v.name) && isString(v.browser) && optional((c) => Object.values(ConnectionKind).includes(c))(v.connection)
  && optional(isNumber)(v.offsetMs) && optional(isNumber)(v.bufferAheadSec) && optional(isNumber)(v.missed);
const isPlayback = (v) => isObject(v) && Object.entries(PLAYBACK_FIELDS).every(([k, check]) => check(v[k]));

/** Required fields and their checks, per server message type (docs/protocol.md, "Server → client"). */
const SERVER_FIELDS = {
  [ServerType.WELCOME]: { peerId: isString, serverTime: isNumber },
  [ServerType.TIME_RESPONSE]: { t0: isNumber, t1: isNumber, t2: isNumber },
  [ServerType.ROOM_CREATED]: { roomId: isString, hostToken: isString, inviteUrl: isString },
  [ServerType.JOINED]: {
    roomId: isString, role: (v) => v === Role.HOST || v === Role.LISTENER, hostPeerId: optional(isString),
    listeners: optional(isStringList), track: optional(isTrack), playback: optional(isPlayback),
    hostKey: optional(isString), upstreamPeerId: optional(isString), feed: optional(isStringList),
    inviteUrl: optional(isString),
  },
  [ServerType.PEER_JOINED]: { peerId: isString, role: isString, hostKey: optional(isString) },
  [ServerType.UPSTREAM]: { peerId: optional(isString), offer: optional(isSpareOffer) },
  [ServerType.FEED]: { peerId: isString, spareId: optional(isString) },
  [ServerType.UNFEED]: { peerId: isString },
  [ServerType.SPARES]: { count: (v) => Number.isInteger(v) && v >= 1 && v <= MAX_SPARES },
  [ServerType.STANDBY_FEED]: { peerId: isString },
  [ServerType.STANDBY_UPSTREAM]: { peerId: isString },
  [ServerType.STANDBY_END]: { peerId: isString },
  [ServerType.ICE_CONFIG]: {
    iceServers: (v) => Array.isArray(v) && v.every(isIceServer),
    iceTransportPolicy: (v) => Object.values(IcePolicy).includes(v), expiresAtUnixSec: optional(isNumber),
  },
  [ServerType.PEER_LEFT]: { peerId: isString, role: isString },
  [ServerType.SIGNAL]: { from: isString, data: isObject },
  [ServerType.TRACK]: { track: isTrack },
  [ServerType.PLAYBACK]: { playback: isPlayback },
  [ServerType.ROSTER]: {
    entries: (v) => Array.isArray(v) && v.length <= 1 + MAX_ROSTER_LISTENERS && v.every(isRosterEntry),
    listenerCount: (v) => Number.isInteger(v) && v >= 0,
    restart: optional((v) => isObject(v) && isNumber(v.at) && Number.isInteger(v.reported) && v.reported >= 1
      && isNumber(v.minLeadMs)),
  },
  [ServerType.ERROR]: { code: isString, message: isString },
};

/**
 * The RTCConfiguration (W3C WebRTC §4.2.1) of every peer connection, from an `ice-config` message:
 * only the fields RTCIceServer has, so nothing else on the wire reaches the WebRTC stack.
 * @param {{iceServers: {urls: string[], username?: string, credential?: string}[], iceTransportPolicy: string}} m
 * @returns {RTCConfiguration}
 */
export function rtcConfiguration(m) {
  return {
    iceServers: m.iceServers.map(({ urls, username, credential }) => (
      username == null ? { urls: [...urls] } : { urls: [...urls], username, credential })),
    iceTransportPolicy: m.iceTransportPolicy === IcePolicy.RELAY ? 'relay' : 'all',
  };
}

/**
 * Checks a parsed server message against its type's fields. Returns it, or throws
 * MalformedMessage naming the type and the first field that is wrong.
 * @param {any} message parsed JSON
 * @returns {Message}
 */
export function checkServerMessage(message) {
  if (!isObject(message) || !isString(message.type)) throw new MalformedMessage('(untyped)', 'no "type"');
  const fields = SERVER_FIELDS[message.type];
  if (!fields) throw new MalformedMessage(message.type, 'unknown type');
  for (const [name, check] of Object.entries(fields)) {
    if (!check(message[name])) throw new MalformedMessage(message.type, `field "${name}" missing or of the wrong type`);
  }
  return message;
}

/**
 * Parses a sync pulse received over the data channel; throws MalformedMessage if it is not one.
 * @param {string} text
 * @returns {{type: string, serverTime: number, track: TrackInfo, playback: PlaybackState}}
 */
export function parsePulse(text) {
  let pulse;
  try {
    pulse = JSON.parse(text);
  } catch {
    throw new MalformedMessage(PeerType.PULSE, 'not JSON');
  }
  if (!isObject(pulse) || pulse.type !== PeerType.PULSE) throw new MalformedMessage(PeerType.PULSE, 'not a pulse');
  if (!isNumber(pulse.serverTime) || !isTrack(pulse.track) || !isPlayback(pulse.playback)) {
    throw new MalformedMessage(PeerType.PULSE, 'missing serverTime, track or playback');
  }
  return pulse;
}

/** The most chunk indexes one `repair` may name. */
export const MAX_REPAIR_INDEXES = 8;
/**
 * The longest text a child may send its parent: a keepalive, or a repair of MAX_REPAIR_INDEXES
 * indexes (about 130 characters at most). Longer texts are dropped unread.
 */
export const MAX_PEER_TEXT_CHARS = 256;
const isIndex = (v) => Number.isInteger(v) && v >= 0 && v < 2 ** 31;

/**
 * Parses a text a child sent its parent over the data channel: `{type: keepalive}` or
 * `{type: repair, trackSeq, indexes}`; throws MalformedMessage for anything else (too long, not
 * JSON, another type, bad fields, more than MAX_REPAIR_INDEXES indexes).
 * @param {unknown} data
 * @returns {{type: string, trackSeq?: number, indexes?: number[]}}
 */
export function parseChildText(data) {
  if (typeof data !== 'string') throw new MalformedMessage('(child)', 'not text');
  if (data === KEEPALIVE_TEXT) return { type: PeerType.KEEPALIVE };
  if (data.length > MAX_PEER_TEXT_CHARS) throw new MalformedMessage('(child)', `${data.length} characters`);
  let message;
  try {
    message = JSON.parse(data);
  } catch {
    throw new MalformedMessage('(child)', 'not JSON');
  }
  if (!isObject(message) || message.type !== PeerType.REPAIR) throw new MalformedMessage('(child)', 'not a keepalive or repair');
  const { trackSeq, indexes } = message;
  if (!isIndex(trackSeq) || !Array.isArray(indexes) || indexes.length === 0 || indexes.length > MAX_REPAIR_INDEXES
    || !indexes.every(isIndex)) {
    throw new MalformedMessage(PeerType.REPAIR, 'trackSeq or indexes (1 to 8 chunk indexes) wrong');
  }
  return { type: PeerType.REPAIR, trackSeq, indexes };
}
