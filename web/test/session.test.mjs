import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClientType, ErrorCode, Role, ServerType } from '../app/protocol.js';
import { SessionEvent } from '../app/room/session.js';
import { TRACK, connectedSession, memoryTokens, settle } from './fakes.mjs';

const playback = (version, extra = {}) => ({ version, trackSeq: 1, playing: true, position: 0, at: 1000, ...extra });

function record(session, type) {
  const seen = [];
  session.addEventListener(type, (e) => seen.push(e.detail));
  return seen;
}

test('a page with an invite joins; one with a host token resumes; one with neither may create a room', async () => {
  const listener = connectedSession({ invite: 'abc' });
  assert.deepEqual(listener.socket().sentOfType(ClientType.JOIN), [{ type: ClientType.JOIN, invite: 'abc', relay: true }]);

  const host = connectedSession({ invite: null, hostTokens: memoryTokens('tok'), hostKey: 'KEY' });
  await settle();
  assert.deepEqual(host.socket().sentOfType(ClientType.RESUME_HOST), [{ type: ClientType.RESUME_HOST, hostToken: 'tok', hostKey: 'KEY' }]);

  const tokens = memoryTokens();
  const fresh = connectedSession({ invite: null, hostTokens: tokens, hostKey: 'KEY2' });
  assert.equal(fresh.socket().sent.filter((m) => m.type !== ClientType.TIME_REQUEST).length, 0);
  const needs = record(fresh.session, SessionEvent.NEEDS_ROOM);
  await fresh.session.createRoom();
  assert.equal(fresh.socket().sentOfType(ClientType.CREATE_ROOM)[0].hostKey, 'KEY2');
  fresh.socket().deliver({ type: ServerType.ROOM_CREATED, roomId: 'r', hostToken: 'new', inviteUrl: 'http://x/?invite=i' });
  assert.equal(tokens.get(), 'new');
  assert.equal(fresh.session.inviteUrl, 'http://x/?invite=i');
  assert.equal(needs.length, 0);
});

test('a host that resumed its seat after a reload has its invite link again', async () => {
  const { session, socket } = connectedSession({ invite: null, hostTokens: memoryTokens('tok'), hostKey: 'KEY' });
  await settle();
  const invites = record(session, SessionEvent.INVITE);
  socket().deliver({ type: ServerType.JOINED, roomId: 'r', role: Role.HOST, hostPeerId: 'me', listeners: [], feed: [],
    inviteUrl: 'http://x/?invite=i' });
  assert.equal(session.inviteUrl, 'http://x/?invite=i');
  assert.deepEqual(invites, [{ inviteUrl: 'http://x/?invite=i' }]);
});

test('a host token the server no longer knows is forgotten and the page may create a room', () => {
  const tokens = memoryTokens('stale');
  const { session, socket } = connectedSession({ invite: null, hostTokens: tokens });
  const needs = record(session, SessionEvent.NEEDS_ROOM);
  socket().deliver({ type: ServerType.ERROR, code: ErrorCode.UNKNOWN_HOST_TOKEN, message: 'no room' });
  assert.equal(tokens.get(), null);
  assert.equal(needs.length, 1);
});

test('a track replaces only an older track, and a playback state only a lower version, whichever channel brings it', () => {
  const { session, socket } = connectedSession();
  const tracks = record(session, SessionEvent.TRACK);
  const states = record(session, SessionEvent.PLAYBACK);
  socket().deliver({ type: ServerType.JOINED, roomId: 'r', role: Role.LISTENER, hostPeerId: 'h', listeners: [], track: TRACK, playback: playback(3) });
  session.applyPulse({ track: TRACK, playback: playback(3) }); // the same state again, over the data channel
  session.applyPulse({ track: TRACK, playback: playback(2, { playing: false }) }); // older
  socket().deliver({ type: ServerType.PLAYBACK, playback: playback(4, { position: 9 }) });
  session.applyPulse({ track: { ...TRACK, trackSeq: 2 }, playback: playback(5, { trackSeq: 2 }) });
  socket().deliver({ type: ServerType.TRACK, track: TRACK }); // the old track, late
  assert.deepEqual(tracks.map((t) => t.track.trackSeq), [1, 2]);
  assert.deepEqual(states.map((s) => s.playback.version), [3, 4, 5]);
  assert.equal(states[1].previous.version, 3, 'each change carries the state it replaces');
  assert.equal(session.track.trackSeq, 2);
});

test('the host knows its listeners; a listener knows whether the host is online and takes audio from it', () => {
  const host = connectedSession({ invite: null, hostTokens: memoryTokens('tok'), peerId: 'h1' });
  const joined = record(host.session, SessionEvent.LISTENER_JOINED);
  host.socket().deliver({ type: ServerType.JOINED, roomId: 'r', role: Role.HOST, hostPeerId: 'h1', listeners: ['a'], track: null, playback: null });
  host.socket().deliver({ type: ServerType.PEER_JOINED, peerId: 'b', role: Role.LISTENER });
  host.socket().deliver({ type: ServerType.PEER_LEFT, peerId: 'a', role: Role.LISTENER });
  assert.deepEqual([...host.session.listeners], ['b']);
  assert.deepEqual(joined, [{ peerId: 'b' }]);
  assert.equal(host.session.upstreamPeerId, null, 'the host has no upstream');

  const { session, socket } = connectedSession();
  const presence = record(session, SessionEvent.HOST_PRESENCE);
  socket().deliver({ type: ServerType.JOINED, roomId: 'r', role: Role.LISTENER, hostPeerId: 'h1', listeners: [], track: null, playback: null, hostKey: 'K1', upstreamPeerId: 'relay-1' });
  assert.equal(session.upstreamPeerId, 'relay-1', 'audio comes from the parent the server assigned');
  assert.equal(session.hostKey, 'K1');
  socket().deliver({ type: ServerType.PEER_LEFT, peerId: 'h1', role: Role.HOST });
  socket().deliver({ type: ServerType.PEER_JOINED, peerId: 'h2', role: Role.HOST, hostKey: 'K2' });
  assert.deepEqual(presence.map((p) => p.online), [false, true]);
  assert.equal(session.hostKey, 'K2', 'a host that came back with a new key is believed from then on');
  const moves = record(session, SessionEvent.UPSTREAM);
  socket().deliver({ type: ServerType.UPSTREAM, peerId: 'relay-2' });
  assert.deepEqual(moves, [{ peerId: 'relay-2', previous: 'relay-1' }]);
  assert.equal(session.upstreamPeerId, 'relay-2');
  socket().deliver({ type: ServerType.UPSTREAM, peerId: 'relay-2' });
  assert.deepEqual(moves.at(-1), { peerId: 'relay-2', previous: 'relay-2' }, 'the same parent again: a fresh link from it');
});

test('position follows the playback state on the server clock; nothing plays on another track', () => {
  let local = 0;
  const clock = { synced: true, serverNow: () => local + 500, toLocal: (s) => s - 500, start: () => Promise.resolve() };
  const { session } = connectedSession({ clock });
  assert.equal(session.positionNow(), null);
  session.applyTrack(TRACK);
  session.applyPlayback(playback(1, { position: 2, at: 1500 }));
  local = 3000; // server 3500: 2 s after `at`
  assert.equal(session.positionNow(), 4);
  session.applyTrack({ ...TRACK, trackSeq: 2 });
  assert.equal(session.positionNow(), null);
});

test('a refusal reaches the page as an event with its code', () => {
  const { session, socket } = connectedSession();
  const refusals = record(session, SessionEvent.REFUSED);
  socket().deliver({ type: ServerType.ERROR, code: ErrorCode.ROOM_FULL, message: 'room already has 500 listeners' });
  assert.deepEqual(refusals, [{ code: ErrorCode.ROOM_FULL, message: 'room already has 500 listeners' }]);
});

test('the server tells a page whom to feed and whom to stop feeding; a report names the upstream', () => {
  const { session, socket } = connectedSession();
  const feeds = record(session, SessionEvent.FEED);
  const unfeeds = record(session, SessionEvent.UNFEED);
  socket().deliver({ type: ServerType.JOINED, roomId: 'r', role: Role.LISTENER, hostPeerId: 'h', listeners: [], track: null, playback: null, hostKey: 'K', upstreamPeerId: 'h', feed: ['c1'] });
  socket().deliver({ type: ServerType.FEED, peerId: 'c2' });
  socket().deliver({ type: ServerType.UNFEED, peerId: 'c1' });
  socket().deliver({ type: ServerType.UNFEED, peerId: 'never-fed' });
  assert.deepEqual(feeds.map((f) => f.peerId), ['c1', 'c2']);
  assert.deepEqual(unfeeds.map((f) => f.peerId), ['c1']);
  assert.deepEqual([...session.feeds], ['c2']);
  session.reportUpstream('starving');
  assert.deepEqual(socket().sentOfType(ClientType.REPORT), [{ type: ClientType.REPORT, problem: 'starving', peerId: 'h' }]);
});
