// This page's word about itself for the room's roster (`member-status`, docs/protocol.md):
// the display name, a short browser name, how it gets the audio and how well it keeps in sync
// (its server-clock estimate as it sends, from which the server sees its offset; the audio it
// holds ahead; the chunks it missed). Sent every STATUS_INTERVAL_MS while in a room. No DOM.

import { ConnectionKind } from '../protocol.js';

/** How often a page speaks; the server drops statuses that come much faster (2.5 a second). */
export const STATUS_INTERVAL_MS = 500;
/** Asking the upstream link's ICE stats whether it runs through TURN every this many statuses (5 s): it seldom changes. */
const TURN_CHECK_EVERY = 10;
/** The server refuses more (room/RoomService.java); pages keep about 4 s. */
const MAX_BUFFER_AHEAD_SEC = 600;

/**
 * A short browser name from the user agent string (brands where the browser offers them,
 * User-Agent Client Hints), for people to tell pages apart, not for feature tests.
 * @param {string} userAgent @param {{brand: string}[]} [brands] navigator.userAgentData.brands
 */
export function browserName(userAgent, brands = []) {
  const brand = brands.map((b) => b.brand).find((b) => /Edge|Opera|Chrome|Chromium/.test(b));
  if (brand) return brand.replace('Google ', '').replace('Microsoft ', '');
  /** @type {[RegExp, string][]} */
  const rules = [
    [/Edg(e|A|iOS)?\//, 'Edge'], [/OPR\/|Opera/, 'Opera'], [/Firefox\/|FxiOS/, 'Firefox'], [/SamsungBrowser/, 'Samsung'],
    [/Chromium\//, 'Chromium'], [/Chrome\/|CriOS/, 'Chrome'], [/Safari\//, 'Safari'], [/Node\.js|node/, 'Node'],
  ];
  for (const [pattern, name] of rules) if (pattern.test(userAgent)) return name;
  return 'Other';
}

/**
 * @param {{isHost: boolean, upstreamPeerId: string | null, hostPeerId: string | null, viaTurn: boolean}} place
 * @returns {string} ConnectionKind
 */
export function connectionKind({ isHost, upstreamPeerId, hostPeerId, viaTurn }) {
  if (isHost) return ConnectionKind.HOST;
  if (!upstreamPeerId) return ConnectionKind.WAITING;
  if (viaTurn) return ConnectionKind.TURN;
  return upstreamPeerId === hostPeerId ? ConnectionKind.DIRECT : ConnectionKind.RELAYED;
}

export class StatusReporter {
  /**
   * @param {{session: import('./session.js').RoomSession, displayName: import('./display-name.js').DisplayName,
   *   browser: string, bufferAheadSec: () => number,
   *   upstreamViaTurn?: (peerId: string) => Promise<boolean>,
   *   setTimer?: (fn: () => void, ms: number) => any, clearTimer?: (id: any) => void}} deps
   *   `bufferAheadSec()`: audio this page holds ahead now; `upstreamViaTurn(peerId)`: whether the
   *   link from that peer runs through a TURN server
   */
  constructor({ session, displayName, browser, bufferAheadSec, upstreamViaTurn = () => Promise.resolve(false),
    setTimer = (fn, ms) => setInterval(fn, ms), clearTimer = (id) => clearInterval(id) }) {
    this.session = session;
    this.displayName = displayName;
    this.browser = browser;
    this.bufferAheadSec = bufferAheadSec;
    this.upstreamViaTurn = upstreamViaTurn;
    this.setTimer = setTimer;
    this.clearTimer = clearTimer;
    /** @type {{counts: {missing: number}} | null} the listener's buffer health, once it has one */
    this.health = null;
    this.viaTurn = false;
    this.ticks = 0;
    this.timer = null;
    /** statuses sent so far */
    this.sent = 0;
  }

  /** @param {{counts: {missing: number}}} health the listener role's buffer health (room/buffer-health.js) */
  watchHealth(health) {
    this.health = health;
  }

  start() {
    if (this.timer === null) this.timer = this.setTimer(() => this.tick(), STATUS_INTERVAL_MS);
  }

  stop() {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  tick() {
    if (this.ticks++ % TURN_CHECK_EVERY === 0) this.checkTurn();
    this.send();
  }

  checkTurn() {
    const peerId = this.session.upstreamPeerId;
    if (!peerId) {
      this.viaTurn = false;
      return;
    }
    this.upstreamViaTurn(peerId).then((v) => { this.viaTurn = v; }, () => { this.viaTurn = false; });
  }

  /** The status to send now, or null while there is nothing to say (no room, clock unsynced). */
  statusNow() {
    const { session } = this;
    if (!session.roomId || !session.role || !session.clock.synced) return null;
    const ahead = this.bufferAheadSec();
    return {
      name: this.displayName.value,
      browser: this.browser,
      connection: connectionKind({
        isHost: session.isHost, upstreamPeerId: session.upstreamPeerId, hostPeerId: session.hostPeerId, viaTurn: this.viaTurn,
      }),
      // Read last, just before the send: the server compares it with the time it reads the frame.
      serverNowMs: session.clock.serverNow(),
      bufferAheadSec: Number.isFinite(ahead) ? Math.min(MAX_BUFFER_AHEAD_SEC, Math.max(0, ahead)) : 0,
      missed: this.health?.counts.missing ?? 0,
    };
  }

  send() {
    const status = this.statusNow();
    if (status && this.session.sendMemberStatus(status)) this.sent++;
  }
}
