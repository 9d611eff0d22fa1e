import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import vm from 'node:vm';
import { adoptEarlySocket, roomSocketUrl } from '../app/boot/adopt-early-socket.js';
import { Problems } from '../app/problems.js';
import { ClientType, ServerType, build } from '../app/protocol.js';
import { RoomSession, SessionEvent } from '../app/room/session.js';
import { Signaling, SocketEvent } from '../app/signaling.js';
import { FakeSocket, QuietLog, memoryTokens, syncedClock } from './fakes.mjs';

/** What boot/early-socket.js leaves behind, on a fake socket. */
function earlyScope(url, { openedAtMs = null, frames = [], closed = false, joined = null } = {}) {
  const socket = new FakeSocket(url);
  if (openedAtMs !== null) socket.readyState = 1;
  return { socket, scope: { syncRoomEarlySocket: { url, socket, openedAtMs, frames, closed, joined } } };
}

/** Runs boot/early-socket.js as the page would, on a page at `href`, with a fake socket and clock. */
function runEarlyScript(href = 'https://room.example/?invite=abc') {
  const sockets = [];
  const clock = { ms: 100 };
  const context = {
    location: new URL(href),
    performance: { now: () => clock.ms },
    URLSearchParams,
    WebSocket: class extends FakeSocket {
      constructor(u) {
        super(u);
        sockets.push(this);
      }
    },
  };
  context.globalThis = context;
  vm.runInNewContext(readFileSync(new URL('../app/boot/early-socket.js', import.meta.url), 'utf8'), context);
  return { early: context.syncRoomEarlySocket, socket: sockets[0], clock, scope: context };
}


function signalingAdopting(scope, url = 'ws://room.example/ws') {
  const created = [];
  const signaling = new Signaling(url, {
    problems: new Problems(new QuietLog()),
    now: () => 999,
    createSocket: (u) => {
      const s = new FakeSocket(u);
      created.push(s);
      return s;
    },
    setTimer: () => 0,
    adoptSocket: (u) => adoptEarlySocket(u, scope),
  });
  return { signaling, created };
}

test('the room socket URL follows the page: ws for http, wss for https, same host and port', () => {
  assert.equal(roomSocketUrl({ protocol: 'http:', host: 'localhost:8080' }), 'ws://localhost:8080/ws');
  assert.equal(roomSocketUrl({ protocol: 'https:', host: 'room.example' }), 'wss://room.example/ws');
});

test('an early socket that opened before the page ran is taken: its open time and the frames that came meanwhile replay in order', () => {
  const url = 'ws://room.example/ws';
  const welcome = JSON.stringify({ type: ServerType.WELCOME, peerId: 'p1', serverTime: 1000 });
  const { socket, scope } = earlyScope(url, { openedAtMs: 120, frames: [{ data: welcome, atMs: 130 }] });
  const { signaling, created } = signalingAdopting(scope);
  const seen = [];
  signaling.addEventListener(SocketEvent.OPEN, (e) => seen.push(['open', /** @type {CustomEvent} */ (e).detail.atMs]));
  signaling.on(ServerType.WELCOME, (m) => seen.push(['welcome', m.peerId]));
  signaling.connect();
  assert.equal(created.length, 0, 'no second socket');
  assert.equal(signaling.socket, socket);
  assert.deepEqual(seen, [['open', 120], ['welcome', 'p1']],
    'opened at its own time, not when the page took it, and before the frames, as on a socket the page opened');
  assert.ok(!('syncRoomEarlySocket' in scope), 'taken only once');
  socket.deliver({ type: ServerType.WELCOME, peerId: 'p2', serverTime: 2000 });
  assert.deepEqual(seen.at(-1), ['welcome', 'p2'], 'later frames arrive as usual');
});

test('an early socket still connecting is taken and opens through the page', () => {
  const url = 'ws://room.example/ws';
  const { socket, scope } = earlyScope(url);
  const { signaling, created } = signalingAdopting(scope);
  const opens = [];
  signaling.addEventListener(SocketEvent.OPEN, (e) => opens.push(/** @type {CustomEvent} */ (e).detail.atMs));
  signaling.connect();
  assert.equal(created.length, 0);
  assert.deepEqual(opens, []);
  socket.open();
  assert.deepEqual(opens, [999]);
  assert.ok(signaling.open);
});

test('an early socket that closed, or was opened for another URL, is not taken: the page opens its own', () => {
  for (const [label, early] of [
    ['closed', earlyScope('ws://room.example/ws', { closed: true })],
    ['other URL', earlyScope('ws://elsewhere.example/ws', { openedAtMs: 5 })],
  ]) {
    const { signaling, created } = signalingAdopting(early.scope);
    signaling.connect();
    assert.equal(created.length, 1, `${label}: a socket of the page's own`);
    assert.equal(signaling.socket, created[0]);
    assert.ok(!('syncRoomEarlySocket' in early.scope));
  }
  const other = earlyScope('ws://elsewhere.example/ws', { openedAtMs: 5 });
  adoptEarlySocket('ws://room.example/ws', other.scope);
  assert.equal(other.socket.readyState, 3, 'a socket to the wrong URL is closed, not left open');
});

test('after a drop the page reconnects with a socket of its own, never the early one again', () => {
  const url = 'ws://room.example/ws';
  const { socket, scope } = earlyScope(url, { openedAtMs: 1 });
  const timers = [];
  const signaling = new Signaling(url, {
    problems: new Problems(new QuietLog()),
    createSocket: (u) => new FakeSocket(u),
    setTimer: (fn) => timers.push(fn),
    adoptSocket: (u) => adoptEarlySocket(u, scope),
  });
  signaling.connect();
  socket.close();
  timers.shift()();
  assert.notEqual(signaling.socket, socket);
});

test('the early script opens the room socket of its page and keeps what comes, with arrival times', () => {
  const { early, socket, clock } = runEarlyScript('https://room.example/');
  assert.equal(socket.url, roomSocketUrl({ protocol: 'https:', host: 'room.example' }), 'the twin of roomSocketUrl');
  clock.ms = 150;
  socket.open();
  assert.equal(early.openedAtMs, 150);
  assert.deepEqual(socket.sent, [], 'no clock probes early, no join without an invite');
  clock.ms = 160;
  socket.deliver({ type: ServerType.WELCOME, peerId: 'p1', serverTime: 5000 });
  assert.deepEqual([...early.frames.map((f) => f.atMs)], [160], 'every frame kept with its arrival time');
});

test('on an invite URL the early script joins as the page would, as soon as it opens; elsewhere it does not join', () => {
  for (const [href, expected] of [
    ['https://room.example/?invite=abc', build.join('abc', true)],
    ['https://room.example/?invite=abc&relay=0', build.join('abc', false)],
    ['https://room.example/', null],
  ]) {
    const { early, socket } = runEarlyScript(href);
    socket.open();
    assert.deepEqual(socket.sent.map((m) => m.type), expected ? [ClientType.JOIN] : [], href);
    assert.deepEqual(socket.sentOfType(ClientType.JOIN)[0] ?? null, expected, href);
    assert.deepEqual(early.joined ? { ...early.joined } : null, expected && { invite: expected.invite, relay: expected.relay });
  }
});

test('the session does not join again when the early socket joined for it, and joins itself after a reconnect or if the join differs', () => {
  const url = 'ws://room.example/ws';
  const welcome = { data: JSON.stringify({ type: ServerType.WELCOME, peerId: 'p1', serverTime: 0 }), atMs: 50 };
  const sessionOn = (scope, relay) => {
    const timers = [];
    const problems = new Problems(new QuietLog());
    const signaling = new Signaling(url, {
      problems, createSocket: (u) => new FakeSocket(u), setTimer: (fn) => timers.push(fn), clearTimer: () => {},
      adoptSocket: (u) => adoptEarlySocket(u, scope),
    });
    const session = new RoomSession({ signaling, clock: syncedClock(() => 0), invite: 'abc', hostTokens: memoryTokens(), problems, relay });
    const joinsSentAt = [];
    session.addEventListener(SessionEvent.JOIN_SENT, (e) => joinsSentAt.push(/** @type {CustomEvent} */ (e).detail.atMs));
    signaling.connect();
    return { signaling, timers, problems, joinsSentAt };
  };
  const same = earlyScope(url, { openedAtMs: 40, frames: [welcome], joined: { invite: 'abc', relay: true } });
  const { signaling, timers, joinsSentAt } = sessionOn(same.scope, true);
  assert.deepEqual(same.socket.sentOfType(ClientType.JOIN), [], 'joined once, by the early script');
  assert.deepEqual(joinsSentAt, [40], 'its join counts as sent when that socket opened');
  same.socket.close();
  timers.shift()();
  signaling.socket.open();
  signaling.socket.deliver({ type: ServerType.WELCOME, peerId: 'p2', serverTime: 0 });
  assert.deepEqual(signaling.socket.sentOfType(ClientType.JOIN), [build.join('abc', true)], 'a new socket joins itself');

  const differs = earlyScope(url, { openedAtMs: 40, frames: [welcome], joined: { invite: 'abc', relay: true } });
  const { problems } = sessionOn(differs.scope, false);
  assert.deepEqual(differs.socket.sentOfType(ClientType.JOIN), [build.join('abc', false)], 'the page\'s own join goes too');
  assert.equal(problems.counts.get('early-join-differs'), 1, 'and the difference is reported');
});
