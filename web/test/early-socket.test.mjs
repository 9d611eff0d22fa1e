import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adoptEarlySocket, roomSocketUrl } from '../app/boot/adopt-early-socket.js';
import { Problems } from '../app/problems.js';
import { ServerType } from '../app/protocol.js';
import { Signaling, SocketEvent } from '../app/signaling.js';
import { FakeSocket, QuietLog } from './fakes.mjs';

/** What boot/early-socket.js leaves behind, on a fake socket. */
function earlyScope(url, { openedAtMs = null, frames = [], closed = false } = {}) {
  const socket = new FakeSocket(url);
  if (openedAtMs !== null) socket.readyState = 1;
  return { socket, scope: { syncRoomEarlySocket: { url, socket, openedAtMs, frames, closed } } };
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
