// The WebSocket to the server: JSON messages in and out, NTP-style time probes with
// timestamps taken at the socket (RFC 5905 §8: t0 and t3 as close to the wire as the page
// can read them), and reconnection with capped backoff after a drop.
//
// The first socket can be one opened before this module loaded (boot/early-socket.js, passed in
// as `adoptSocket`): it is taken as it stands, its open event and the frames that came meanwhile
// replayed in order with their own times, and the join it sent counts as the session's
// (takeEarlyJoin).
//
// Socket events ('open', 'close') are events of this object; server messages are delivered
// apart from them, through on(type, handler), each checked against protocol.js first. A
// malformed message or a handler that throws is reported once (problems.js) and dropped,
// never thrown into the page.

import { ServerClockEstimate } from './clock/server-clock-estimate.js';
import { CloseCode, MalformedMessage, ServerType, build, checkServerMessage } from './protocol.js';
import { Problems } from './problems.js';

/** 'open' carries {atMs}: when it opened (this page's clock); 'close' carries {code, reason} of the close frame (code 0 when there was none). */
export const SocketEvent = Object.freeze({ OPEN: 'open', CLOSE: 'close' });

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 8000;

/** A probe that could not complete for a reason worth retrying later (no socket, drop, timeout). */
export class ProbeFailed extends Error {
  constructor(message) {
    super(message);
    this.name = 'ProbeFailed';
  }
}

export class Signaling extends EventTarget {
  /**
   * @param {string} url
   * @param {{now?: () => number, problems?: Problems, createSocket?: (url: string) => WebSocket,
   *   setTimer?: (fn: () => void, ms: number) => any, clearTimer?: (id: any) => void,
   *   adoptSocket?: (url: string) => (import('./boot/adopt-early-socket.js').EarlySocket | null)}} [options]
   *   `adoptSocket`: asked once, at the first connect, for a socket already opened to `url`
   */
  constructor(url, {
    now = () => performance.now(),
    problems = new Problems(),
    createSocket = (u) => new WebSocket(u),
    setTimer = (fn, ms) => setTimeout(fn, ms),
    clearTimer = (id) => clearTimeout(id),
    adoptSocket = () => null,
  } = {}) {
    super();
    this.url = url;
    this.now = now;
    this.problems = problems;
    this.createSocket = createSocket;
    this.setTimer = setTimer;
    this.clearTimer = clearTimer;
    /** @type {WebSocket | null} */
    this.socket = null;
    this.messages = new EventTarget();
    this.pendingProbes = new Map();
    /** @type {{invite: string, relay: boolean, atMs: number} | null} the join the early socket sent, until the session asks */
    this.earlyJoin = null;
    this.closedByUser = false;
    this.retryMs = FIRST_RETRY_MS;
    /** @type {((url: string) => any) | null} */
    this.adoptSocket = adoptSocket;
  }

  connect() {
    const early = this.adoptSocket?.(this.url) ?? null;
    this.adoptSocket = null;
    const socket = early?.socket ?? this.createSocket(this.url);
    this.socket = socket;
    socket.onmessage = (event) => this.receive(event.data, this.now());
    const opened = (atMs) => {
      this.retryMs = FIRST_RETRY_MS;
      this.dispatchEvent(new CustomEvent(SocketEvent.OPEN, { detail: { atMs } }));
    };
    socket.onopen = () => opened(this.now());
    socket.onclose = (event) => {
      for (const [, settle] of this.pendingProbes) settle(null);
      this.pendingProbes.clear();
      const code = event?.code ?? 0;
      // A listener the host removed stays out: coming back on its own would undo the host's decision.
      if (code === CloseCode.REMOVED_BY_HOST) this.closedByUser = true;
      this.dispatchEvent(new CustomEvent(SocketEvent.CLOSE, { detail: { code, reason: event?.reason ?? '' } }));
      if (!this.closedByUser) {
        this.setTimer(() => this.connect(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      }
    };
    if (early?.openedAtMs != null) opened(early.openedAtMs);
    // It joined right after it opened (boot/early-socket.js).
    this.earlyJoin = early?.joined && early.openedAtMs != null ? { ...early.joined, atMs: early.openedAtMs } : null;
    for (const frame of early?.frames ?? []) this.receive(frame.data, frame.atMs);
  }

  /** @param {string} text @param {number} t3 local receive time of the frame */
  receive(text, t3) {
    let message;
    try {
      message = checkServerMessage(JSON.parse(text));
    } catch (e) {
      const kind = e instanceof MalformedMessage ? `malformed-${e.type}` : 'unparseable-server-message';
      this.problems.report(kind, e);
      return;
    }
    if (message.type === ServerType.TIME_RESPONSE) {
      const settle = this.pendingProbes.get(message.t0);
      if (settle) {
        this.pendingProbes.delete(message.t0);
        settle({ t0: message.t0, t1: message.t1, t2: message.t2, t3 });
      }
      return;
    }
    this.messages.dispatchEvent(new CustomEvent(message.type, { detail: message }));
  }

  get open() {
    return this.socket !== null && this.socket.readyState === 1; // WebSocket.OPEN
  }

  /**
   * Sends one message; returns false (and reports it) when there is no open socket.
   * @param {{type: string}} message
   */
  send(message) {
    if (!this.open) {
      this.problems.report('send-while-disconnected', new Error(`not connected; ${message.type} not sent`));
      return false;
    }
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /**
   * Calls `handler(message)` for every valid server message of `type`. A handler that throws
   * is reported and the next message still arrives.
   * @param {string} type
   * @param {(message: any) => void} handler
   */
  on(type, handler) {
    this.messages.addEventListener(type, (event) => {
      try {
        handler(/** @type {CustomEvent} */ (event).detail);
      } catch (e) {
        this.problems.report(`handler-${type}`, e);
      }
    });
  }

  /**
   * One time probe. Resolves to {t0, t1, t2, t3}; rejects with ProbeFailed if the socket is
   * down, drops, or no answer comes within `timeoutMs`.
   */
  probe(timeoutMs = 3000) {
    return new Promise((resolve, reject) => {
      if (!this.open) {
        reject(new ProbeFailed('not connected'));
        return;
      }
      let t0 = this.now();
      while (this.pendingProbes.has(t0)) t0 += 1e-6;
      const timer = this.setTimer(() => {
        this.pendingProbes.delete(t0);
        reject(new ProbeFailed('time probe unanswered'));
      }, timeoutMs);
      this.pendingProbes.set(t0, (sample) => {
        this.clearTimer(timer);
        if (sample) resolve(sample);
        else reject(new ProbeFailed('connection dropped'));
      });
      this.socket.send(JSON.stringify(build.timeRequest(t0)));
    });
  }

  /**
   * The join the early socket sent on this page's behalf (an invite URL), or null; given once:
   * the session does not join again on the welcome (docs/protocol.md, join step 1). `atMs`: when
   * it was sent (this page's clock).
   * @returns {{invite: string, relay: boolean, atMs: number} | null}
   */
  takeEarlyJoin() {
    const joined = this.earlyJoin;
    this.earlyJoin = null;
    return joined;
  }

  /**
   * The page's estimate of the server clock, probing over this socket: only failed probes
   * (ProbeFailed) are retried, and every failed burst is reported.
   */
  clockEstimate() {
    return new ServerClockEstimate(() => this.probe(), {
      isRetryable: (e) => e instanceof ProbeFailed,
      onError: (e, phase) => this.problems.report(`clock-${phase}-burst-failed`, e),
    });
  }

  /** Closes the socket as a network drop would: it reconnects by itself. */
  drop() {
    this.socket?.close();
  }

  /** Closes the socket for good. */
  close() {
    this.closedByUser = true;
    this.socket?.close();
  }
}
