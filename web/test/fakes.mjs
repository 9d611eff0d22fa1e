// Fakes shared by the browser-module tests: a WebSocket the test plays the server on, a
// clock that is always synced, and a room session built on the real signalling module.

import { ServerType } from '../app/protocol.js';
import { Problems } from '../app/problems.js';
import { RoomSession } from '../app/room/session.js';
import { Signaling } from '../app/signaling.js';

/** A WebSocket whose other end is the test. */
export class FakeSocket {
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    /** @type {object[]} messages the page sent, parsed */
    this.sent = [];
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  close() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({});
  }

  // ---- the server's side -----------------------------------------------------------------
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** Delivers one frame as the server would send it (an object is sent as JSON). */
  deliver(message) {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }

  sentOfType(type) {
    return this.sent.filter((m) => m.type === type);
  }
}

/** Collects console.warn calls instead of printing them. */
export class QuietLog {
  constructor() {
    this.lines = [];
  }

  warn(...args) {
    this.lines.push(args.join(' '));
  }
}

/** A clock that is synced from the start: server time = local + `aheadMs`. */
export function syncedClock(localNow, aheadMs = 0) {
  return {
    synced: true,
    lastRtt: 1,
    driftPpm: 0,
    uncertaintyMs: 0.1,
    asymmetryBoundMs: 0.5,
    serverNow: () => localNow() + aheadMs,
    toLocal: (serverMs) => serverMs - aheadMs,
    start: () => Promise.resolve(),
  };
}

export function memoryTokens(initial = null) {
  let token = initial;
  return { get: () => token, set: (t) => { token = t; }, clear: () => { token = null; } };
}

/**
 * A room session over the real signalling module and a fake socket, already welcomed.
 * Returns what a test needs to play the server.
 */
export function connectedSession({
  clock = syncedClock(() => 0), invite = 'inv', hostTokens = memoryTokens(), peerId = 'p1', hostKey = 'HOSTKEY', relay = true,
} = {}) {
  const sockets = [];
  const log = new QuietLog();
  const problems = new Problems(log);
  const timers = [];
  const signaling = new Signaling('ws://test/ws', {
    problems,
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
  });
  const session = new RoomSession({ signaling, clock, invite, hostTokens, problems, relay, hostKey: async () => hostKey });
  signaling.connect();
  const socket = () => sockets[sockets.length - 1];
  socket().open();
  socket().deliver({ type: ServerType.WELCOME, peerId, serverTime: 0 });
  return { session, signaling, problems, log, socket, sockets, timers };
}

export const TRACK = Object.freeze({
  trackSeq: 1, title: 't', durationSec: 30, sampleRate: 1000, chunkFrames: 100, channels: 1, codec: 'pcm16', globe: false,
});

/** A data channel the test opens, closes and talks on. */
export class FakeChannel {
  constructor(label) {
    this.label = label;
    this.readyState = 'connecting';
    this.bufferedAmount = 0;
    this.sent = [];
  }

  send(data) {
    this.sent.push(data);
  }

  open() {
    this.readyState = 'open';
    this.onopen?.({});
  }

  receive(data) {
    this.onmessage?.({ data });
  }

  close() {
    this.readyState = 'closed';
    this.onclose?.({});
  }
}

/** An RTCPeerConnection that records the negotiation and lets the test drive its events. */
export class FakePeerConnection {
  constructor(config) {
    this.config = config;
    this.connectionState = 'new';
    this.channels = [];
    this.remoteDescription = null;
    this.localDescription = null;
    this.iceGatheringState = 'new';
    this.candidates = [];
    this.closed = false;
  }

  createDataChannel(label, options) {
    const channel = new FakeChannel(label);
    channel.options = options;
    this.channels.push(channel);
    return channel;
  }

  async createOffer() {
    return { type: 'offer', sdp: 'v=0 offer' };
  }

  async createAnswer() {
    return { type: 'answer', sdp: 'v=0 answer' };
  }

  async setLocalDescription(d) {
    this.localDescription = { ...d, toJSON: () => ({ type: d.type, sdp: d.sdp }) };
    // Candidates are gathered at once here unless the test holds them (holdGathering).
    if (!this.holdGathering) this.iceGatheringState = 'complete';
  }

  /** Ends a held gathering (holdGathering = true before the offer is made). */
  finishGathering() {
    this.iceGatheringState = 'complete';
    this.onicegatheringstatechange?.({});
  }

  async setRemoteDescription(d) {
    this.remoteDescription = d;
  }

  async addIceCandidate(c) {
    this.candidates.push(c);
  }

  close() {
    this.closed = true;
  }

  // ---- the test's side -------------------------------------------------------------------
  fail() {
    this.connectionState = 'failed';
    this.onconnectionstatechange?.({});
  }
}

/** Lets pending promise callbacks run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
