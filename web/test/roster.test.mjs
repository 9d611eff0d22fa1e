// Who is here, without a browser: the roster the session takes from the server, the status a
// page sends about itself, its display name, and what happens when the host removes it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClientType, CloseCode, ConnectionKind, MAX_DISPLAY_NAME_CHARS, Role, ServerType } from '../app/protocol.js';
import { DisplayName, cleanDisplayName } from '../app/room/display-name.js';
import { StatusReporter, browserName, connectionKind } from '../app/room/member-status.js';
import { RosterEvent, shownName } from '../app/room/roster.js';
import { SessionEvent } from '../app/room/session.js';
import { usesRelayCandidate } from '../app/links/turn-check.js';
import { connectedSession, syncedClock } from './fakes.mjs';

const entry = (peerId, role, extra = {}) => ({
  peerId, role, name: '', browser: '', connection: null, offsetMs: null, bufferAheadSec: null, missed: null, ...extra,
});

function memoryStorage() {
  const map = new Map();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, String(v)), map };
}

function joinedListener(options = {}) {
  const room = connectedSession({ peerId: 'me', ...options });
  room.socket().deliver({ type: ServerType.JOINED, roomId: 'r', role: Role.LISTENER, hostPeerId: 'host', listeners: [],
    hostKey: 'K', upstreamPeerId: 'host', feed: [] });
  return room;
}

test('the session keeps the last roster the server sent and says so', () => {
  const { session, socket } = joinedListener();
  const changes = [];
  session.roster.addEventListener(RosterEvent.CHANGED, () => changes.push(session.roster.entries.length));
  socket().deliver({ type: ServerType.ROSTER, listenerCount: 60, entries: [
    entry('host', Role.HOST, { name: 'Hana', browser: 'Chrome', connection: ConnectionKind.HOST, offsetMs: -0.4, bufferAheadSec: 0, missed: 0 }),
    entry('me', Role.LISTENER, { name: 'Ana', connection: ConnectionKind.DIRECT, offsetMs: 1.5, bufferAheadSec: 3.9, missed: 2 }),
    entry('x', Role.LISTENER),
  ] });
  assert.deepEqual(changes, [3]);
  assert.equal(session.roster.entryOf('me').offsetMs, 1.5);
  assert.equal(session.roster.listenerCount, 60);
  assert.equal(session.roster.unlisted, 58, 'listeners the roster leaves out are counted');
  assert.equal(shownName(session.roster.entryOf('host')), 'Hana');
  assert.equal(shownName(session.roster.entryOf('x')), 'Listener x', 'a nameless entry can still be told apart');
});

test('a malformed roster is dropped and reported, and the last good one stays', () => {
  const { session, socket, problems } = joinedListener();
  socket().deliver({ type: ServerType.ROSTER, listenerCount: 1, entries: [entry('a', Role.LISTENER)] });
  socket().deliver({ type: ServerType.ROSTER, listenerCount: 1, entries: [{ ...entry('a', Role.LISTENER), name: 5 }] });
  socket().deliver({ type: ServerType.ROSTER, listenerCount: 1, entries: [{ ...entry('a', Role.LISTENER), connection: 'pigeon' }] });
  socket().deliver({ type: ServerType.ROSTER, listenerCount: 1,
    entries: Array.from({ length: 51 }, (_, i) => entry(`p${i}`, Role.LISTENER)) });
  assert.equal(session.roster.updates, 1);
  assert.equal(problems.snapshot()['malformed-roster'], 3);
});

test('a page in a room says every 500 ms who it is, how it is fed and how it keeps in sync', () => {
  let local = 1000;
  const clock = syncedClock(() => local, 5_000_000);
  const { session, socket } = joinedListener({ clock });
  const storage = memoryStorage();
  const displayName = new DisplayName({ storage });
  displayName.set('  Ana\u0007  ');
  const timers = [];
  const reporter = new StatusReporter({
    session, displayName, browser: 'Firefox', bufferAheadSec: () => 3.25,
    setTimer: (fn, ms) => timers.push({ fn, ms }), clearTimer: () => { timers.length = 0; },
  });
  reporter.watchHealth({ counts: { missing: 4 } });
  reporter.start();
  assert.equal(timers[0].ms, 500);
  local = 1500;
  timers[0].fn();
  assert.deepEqual(socket().sentOfType(ClientType.MEMBER_STATUS), [{
    type: ClientType.MEMBER_STATUS, name: 'Ana', browser: 'Firefox', connection: ConnectionKind.DIRECT,
    serverNowMs: 5_001_500, bufferAheadSec: 3.25, missed: 4,
  }]);
  assert.equal(storage.map.get('syncroom.displayName'), 'Ana', 'the name is remembered on this device');
  assert.equal(new DisplayName({ storage }).value, 'Ana');

  session.setUpstream('relay-1');
  timers[0].fn();
  assert.equal(socket().sentOfType(ClientType.MEMBER_STATUS)[1].connection, ConnectionKind.RELAYED);
  reporter.stop();
  assert.equal(timers.length, 0);
});

test('a page says nothing about itself outside a room or before its clock is synced', () => {
  const unsynced = { ...syncedClock(() => 0), synced: false };
  const { session, socket } = joinedListener({ clock: unsynced });
  const reporter = new StatusReporter({ session, displayName: new DisplayName({ storage: memoryStorage() }), browser: 'X',
    bufferAheadSec: () => 0, setTimer: () => 0, clearTimer: () => {} });
  reporter.tick();
  const fresh = connectedSession({ invite: null });
  const outside = new StatusReporter({ session: fresh.session, displayName: new DisplayName({ storage: memoryStorage() }),
    browser: 'X', bufferAheadSec: () => 0, setTimer: () => 0, clearTimer: () => {} });
  outside.tick();
  assert.equal(socket().sentOfType(ClientType.MEMBER_STATUS).length, 0);
  assert.equal(fresh.socket().sentOfType(ClientType.MEMBER_STATUS).length, 0);
});

test('connection kinds: the host, fed by the host, by a relay, through TURN, waiting', () => {
  const place = { isHost: false, upstreamPeerId: 'h', hostPeerId: 'h', viaTurn: false };
  assert.equal(connectionKind({ ...place, isHost: true }), ConnectionKind.HOST);
  assert.equal(connectionKind(place), ConnectionKind.DIRECT);
  assert.equal(connectionKind({ ...place, upstreamPeerId: 'r' }), ConnectionKind.RELAYED);
  assert.equal(connectionKind({ ...place, viaTurn: true }), ConnectionKind.TURN);
  assert.equal(connectionKind({ ...place, upstreamPeerId: null }), ConnectionKind.WAITING);
});

test('a link whose selected candidate pair has a relay candidate runs through TURN', () => {
  const stats = (localType, viaTransport = true) => [
    ...(viaTransport ? [{ id: 'T', type: 'transport', selectedCandidatePairId: 'P' }] : []),
    { id: 'P', type: 'candidate-pair', state: 'succeeded', nominated: true, localCandidateId: 'L', remoteCandidateId: 'R' },
    { id: 'L', type: 'local-candidate', candidateType: localType },
    { id: 'R', type: 'remote-candidate', candidateType: 'host' },
  ];
  assert.equal(usesRelayCandidate(stats('relay')), true);
  assert.equal(usesRelayCandidate(stats('host')), false);
  assert.equal(usesRelayCandidate(stats('relay', false)), true, 'Firefox: the nominated succeeded pair');
  assert.equal(usesRelayCandidate([]), false);
});

test('browser names come from the user agent, brands first', () => {
  const chrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
  assert.equal(browserName(chrome), 'Chrome');
  assert.equal(browserName(`${chrome} Edg/156.0`), 'Edge');
  assert.equal(browserName('Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0'), 'Firefox');
  assert.equal(browserName('Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Version/19.0 Mobile/15E148 Safari/604.1'), 'Safari');
  assert.equal(browserName('x', [{ brand: 'Not.A/Brand' }, { brand: 'Chromium' }, { brand: 'Google Chrome' }]), 'Chromium');
  assert.equal(browserName('curl/8'), 'Other');
});

test('display names lose control characters and stop at the length the server keeps', () => {
  assert.equal(cleanDisplayName(' a\u0000b\nc '), 'abc');
  assert.equal(cleanDisplayName('x'.repeat(100)).length, MAX_DISPLAY_NAME_CHARS);
  assert.equal(cleanDisplayName(`${'a'.repeat(39)}\u{1F3B5}`), 'a'.repeat(39), 'no surrogate pair cut in half');
  assert.equal(cleanDisplayName('<b>bold</b>'), '<b>bold</b>', 'markup stays text: views set it with textContent');
  const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
  const name = new DisplayName({ storage: broken });
  assert.equal(name.set('Bo'), 'Bo', 'a name that cannot be remembered is still used');
});

test('only a host asks to remove a listener', () => {
  const listener = joinedListener();
  assert.equal(listener.session.removeListener('x'), false);
  const host = connectedSession({ invite: null, peerId: 'h' });
  host.socket().deliver({ type: ServerType.JOINED, roomId: 'r', role: Role.HOST, hostPeerId: 'h', listeners: ['a'], feed: [] });
  assert.equal(host.session.removeListener('a'), true);
  assert.deepEqual(host.socket().sentOfType(ClientType.REMOVE_LISTENER), [{ type: ClientType.REMOVE_LISTENER, peerId: 'a' }]);
});

test('a listener the host removed is told so, leaves the room and does not reconnect', () => {
  const { session, socket, sockets, timers } = joinedListener();
  socket().deliver({ type: ServerType.ROSTER, listenerCount: 1, entries: [entry('me', Role.LISTENER)] });
  const removed = [];
  session.addEventListener(SessionEvent.REMOVED, (e) => removed.push(e.detail));
  const retriesBefore = timers.length;
  socket().readyState = 3;
  socket().onclose({ code: CloseCode.REMOVED_BY_HOST, reason: 'removed from the room by the host' });
  assert.deepEqual(removed, [{ reason: 'removed from the room by the host' }]);
  assert.equal(session.removed, true);
  assert.equal(session.roomId, null);
  assert.equal(session.playback, null, 'nothing plays out of the room');
  assert.equal(session.roster.entries.length, 0);
  assert.equal(timers.length, retriesBefore, 'no reconnection is scheduled');
  assert.equal(sockets.length, 1);
});

test('any other close reconnects as before', () => {
  const { session, socket, timers } = joinedListener();
  const before = timers.length;
  socket().readyState = 3;
  socket().onclose({ code: 1006, reason: '' });
  assert.equal(session.removed, false);
  assert.equal(timers.length, before + 1);
});
