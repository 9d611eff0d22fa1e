import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeChunk } from '../app/codecs/pcm16.js';
import { PeerLinkEvent } from '../app/links/peer-links.js';
import { ClientType, CodecName, PeerType, Role, ServerType, UpstreamProblem } from '../app/protocol.js';
import { HostSigner } from '../app/relay/signatures.js';
import { DEFAULT_CHUNK_SEC, HostEvent, HostRole } from '../app/roles/host.js';
import { ListenerEvent, ListenerRole, REFILL_GRACE_MS, SPARES_RAISE_AFTER_MS, UpstreamState } from '../app/roles/listener.js';
import { PlayerEvent } from '../app/player/player.js';
import { BufferLevel, STALLED_AFTER_MS } from '../app/room/buffer-health.js';
import { TRACK, connectedSession, memoryTokens, settle, syncedClock } from './fakes.mjs';

/** A decoded track of `sec` seconds at 1 kHz, one channel. */
function audioBuffer(sec) {
  const data = new Float32Array(sec * 1000).fill(0.5);
  return { duration: sec, sampleRate: 1000, numberOfChannels: 1, length: data.length, getChannelData: () => data };
}

class FakeLinks extends EventTarget {
  constructor() {
    super();
    this.opened = [];
    this.closed = [];
  }

  openDownstream(peerId) {
    this.opened.push(peerId);
  }

  close(peerId) {
    this.closed.push(peerId);
  }

  /** A standby link from `peerId` becomes the upstream: announced open at once, as PeerLinks does. */
  takeStandbyUpstream(peerId) {
    if (!this.standbyFrom?.has(peerId)) return false;
    this.dispatchEvent(new CustomEvent(PeerLinkEvent.UPSTREAM_OPEN, { detail: { peerId, channel: null, standby: true } }));
    return true;
  }

  keepSpareOffer() {
    this.keepsSpare = true;
    this.spareOffers = 1;
  }

  setSpareOffers(count) {
    this.spareOffers = count;
  }

  sendRepair(peerId, trackSeq, indexes) {
    (this.repairs ??= []).push({ peerId, trackSeq, indexes });
    return true;
  }
}

const signer = await HostSigner.create();
/** Lets the asynchronous signing and verification run. */
const crypto = async () => {
  for (let i = 0; i < 20; i++) await settle(); // verification runs on the crypto thread pool: a loaded machine needs more turns
};

class FakePlayer extends EventTarget {
  constructor() {
    super();
    this.chunks = [];
    this.resumed = 0;
  }

  addChunk(chunk) {
    this.chunks.push(chunk);
  }

  resume() {
    this.resumed++;
  }
}

function hostSetUp({ decodeAudio = async () => audioBuffer(30), tagsOf = async () => ({ artist: '', title: '' }) } = {}) {
  let local = 0;
  const env = connectedSession({ invite: null, hostTokens: memoryTokens('tok'), peerId: 'h', clock: syncedClock(() => local, 1000) });
  env.socket().deliver({ type: ServerType.JOINED, roomId: 'r', role: Role.HOST, hostPeerId: 'h', listeners: ['a', 'b', 'c'], track: null, playback: null, feed: ['a', 'b'] });
  const links = new FakeLinks();
  const player = new FakePlayer();
  const host = new HostRole({ session: env.session, links, player, problems: env.problems, decodeAudio, tagsOf, signer, pumpMs: 0 });
  const events = [];
  for (const type of Object.values(HostEvent)) host.addEventListener(type, (e) => events.push([type, e.detail]));
  return { ...env, host, links, player, events, advance: (ms) => { local += ms; } };
}

const file = (name = 'song.wav') => ({ name, size: 1000, arrayBuffer: async () => new ArrayBuffer(8) });

test('the host feeds the peers the server names, not every listener', () => {
  const { links, socket } = hostSetUp();
  assert.deepEqual(links.opened, ['a', 'b']);
  socket().deliver({ type: ServerType.PEER_JOINED, peerId: 'd', role: Role.LISTENER });
  socket().deliver({ type: ServerType.FEED, peerId: 'd' });
  socket().deliver({ type: ServerType.UNFEED, peerId: 'a' });
  assert.deepEqual(links.opened, ['a', 'b', 'd']);
  assert.deepEqual(links.closed, ['a']);
});

test('a loaded file is announced with its codec, streamed once the server confirms it, and heard by the host too', async () => {
  const { host, socket, player, events } = hostSetUp();
  await host.load(file());
  const [announce] = socket().sentOfType(ClientType.ANNOUNCE_TRACK);
  assert.deepEqual(announce, {
    type: ClientType.ANNOUNCE_TRACK, title: 'song.wav', durationSec: 30, sampleRate: 1000, channels: 1, chunkFrames: 1000 * DEFAULT_CHUNK_SEC,
    codec: CodecName.PCM16, tags: { artist: '', title: '' }, globe: false,
  });
  assert.equal(events.some(([type]) => type === HostEvent.READY), false, 'not ready before the server confirms');
  socket().deliver({ type: ServerType.TRACK, track: TRACK });
  assert.ok(events.some(([type]) => type === HostEvent.READY));
  await crypto();
  assert.ok(player.chunks.length >= 30, 'the page plays its own signed stream through the same decoder');
  assert.equal(player.chunks[0].index, 0);
});

test('a host on the public globe announces the file with its tags, titled by them', async () => {
  const { host, socket } = hostSetUp({ tagsOf: async () => ({ artist: 'Test Artist', title: 'Shared Song' }) });
  host.setGlobe(true);
  await host.load(file());
  const [announce] = socket().sentOfType(ClientType.ANNOUNCE_TRACK);
  assert.equal(announce.title, 'Test Artist – Shared Song');
  assert.deepEqual(announce.tags, { artist: 'Test Artist', title: 'Shared Song' });
  assert.equal(announce.globe, true);
});

test('play is stamped 800 ms ahead on the server clock, from where the room is', async () => {
  const { host, socket } = hostSetUp();
  socket().deliver({ type: ServerType.TRACK, track: TRACK });
  host.play();
  const [play] = socket().sentOfType(ClientType.PLAY);
  assert.deepEqual(play, { type: ClientType.PLAY, position: 0, at: 1800 });
  socket().deliver({ type: ServerType.PLAYBACK, playback: { version: 1, trackSeq: 1, playing: true, position: 0, at: 1800 } });
  host.pause();
  const [pause] = socket().sentOfType(ClientType.PAUSE);
  assert.equal(pause.at, 1200);
  host.seek(12.5);
  assert.deepEqual(socket().sentOfType(ClientType.SEEK)[0], { type: ClientType.SEEK, position: 12.5, at: 1800 });
});

test('a file the browser cannot decode is told to the person, and nothing is announced', async () => {
  const { host, socket, events, problems } = hostSetUp({ decodeAudio: async () => { throw new Error('EncodingError'); } });
  await host.load(file('broken.xyz'));
  assert.equal(socket().sentOfType(ClientType.ANNOUNCE_TRACK).length, 0);
  const problem = events.find(([type]) => type === HostEvent.PROBLEM);
  assert.match(problem[1].message, /Cannot play broken\.xyz.*EncodingError/);
  assert.equal(problems.snapshot()['file-not-decodable'], 1);
});

function listenerSetUp(track = TRACK, { now = () => 0, relay = false } = {}) {
  const env = connectedSession({ peerId: 'l', relay, clock: syncedClock(now) });
  env.socket().deliver({ type: ServerType.JOINED, roomId: 'r', role: Role.LISTENER, hostPeerId: 'h', listeners: [], track, playback: null, hostKey: signer.publicKey, upstreamPeerId: 'h' });
  const links = new FakeLinks();
  const player = new FakePlayer();
  const listener = new ListenerRole({ session: env.session, links, player, problems: env.problems, now, watchMs: 0 });
  const problemsSeen = [];
  listener.addEventListener(ListenerEvent.PROBLEM, (e) => problemsSeen.push(e.detail.message));
  listener.start();
  const fromPeer = (peerId, data) => links.dispatchEvent(new CustomEvent(PeerLinkEvent.UPSTREAM_MESSAGE, { detail: { peerId, data } }));
  return { ...env, listener, player, fromPeer, problemsSeen };
}

test('a listener plays signed chunks from its upstream peer only, and applies its signed pulses', async () => {
  const { player, fromPeer, session } = listenerSetUp();
  // Paused at 0.4 s (chunk 4): the parent starts one chunk before, at chunk 3.
  session.applyPlayback({ version: 1, trackSeq: 1, playing: false, position: 0.4, at: 0 });
  const chunk = await signer.sealChunk(encodeChunk(audioBuffer(1), 1, 3, 100));
  fromPeer('someone-else', chunk);
  fromPeer('h', chunk);
  await crypto();
  assert.deepEqual(player.chunks.map((c) => c.index), [3]);
  const playback = { version: 4, trackSeq: 1, playing: true, position: 1, at: 10 };
  fromPeer('h', await signer.sealPulse({ type: PeerType.PULSE, serverTime: 5, track: TRACK, playback }));
  await crypto();
  assert.deepEqual(session.playback, playback);
});

test('a tampered chunk or a forged pulse is never played: it is counted and the upstream reported', async () => {
  const { player, fromPeer, problems, session, socket } = listenerSetUp();
  const tampered = await signer.sealChunk(encodeChunk(audioBuffer(1), 1, 3, 100));
  new Uint8Array(tampered)[100] ^= 1;
  fromPeer('h', tampered);
  const impostor = await HostSigner.create();
  const pause = { version: 9, trackSeq: 1, playing: false, position: 0, at: 0 };
  fromPeer('h', await impostor.sealPulse({ type: PeerType.PULSE, serverTime: 5, track: TRACK, playback: pause }));
  fromPeer('h', 'an unsigned text');
  await crypto();
  assert.equal(player.chunks.length, 0);
  assert.equal(session.playback, null, 'the forged pause was not applied');
  assert.equal(problems.snapshot()['forged-envelope'], 2);
  assert.equal(problems.snapshot()['malformed-envelope'], 1);
  const reports = socket().sentOfType(ClientType.REPORT);
  assert.deepEqual(reports[0], { type: ClientType.REPORT, problem: UpstreamProblem.TAMPERING, peerId: 'h' });
  assert.equal(reports.length, 1, 'reports are rate-limited');
});

test('a listener whose chunks stop while the room plays reports its upstream starving and follows a new parent', async () => {
  let now = 0;
  const { listener, session, socket } = listenerSetUp(TRACK, { now: () => now });
  // Here 3 s of chunks came, then nothing. Paused, that is no problem.
  session.applyPlayback({ version: 1, trackSeq: 1, playing: false, position: 0, at: 0 });
  for (let k = 0; k < 30; k++) listener.received.add(k);
  listener.upstreamOpen = true;
  now = 5000;
  listener.check();
  assert.equal(socket().sentOfType(ClientType.REPORT).length, 0, 'paused: nothing is expected');
  session.applyPlayback({ version: 2, trackSeq: 1, playing: true, position: 0, at: 5000 }); // resumed where it was
  listener.check();
  now = 5900; // 0.9 s without a chunk, 2.1 s still held ahead
  listener.check();
  assert.equal(socket().sentOfType(ClientType.REPORT).length, 0, 'a pause in the flow shorter than STALL_MS');
  now = 6100; // 1.1 s without a chunk
  listener.check();
  assert.deepEqual(socket().sentOfType(ClientType.REPORT), [{ type: ClientType.REPORT, problem: UpstreamProblem.STARVING, peerId: 'h' }]);
  socket().deliver({ type: ServerType.UPSTREAM, peerId: 'relay-9' });
  assert.equal(session.upstreamPeerId, 'relay-9');
  assert.deepEqual(listener.links.closed, ['h'], 'the old parent is dropped');
  now = 6400;
  listener.links.dispatchEvent(new CustomEvent(PeerLinkEvent.UPSTREAM_OFFER, { detail: { peerId: 'relay-9' } }));
  now = 8000;
  listener.check();
  assert.equal(socket().sentOfType(ClientType.REPORT).length, 1, 'a link still being set up is not starving');
  now = 9200; // 3.1 s after the move
  listener.check();
  assert.equal(socket().sentOfType(ClientType.REPORT).at(-1).problem, UpstreamProblem.UNREACHABLE,
    'a new parent whose link never opens is reported too');
});

test('a seek stamped seconds ahead is not taken for starving while the old timeline plays out without its audio', () => {
  let now = 0;
  const { listener, session, socket } = listenerSetUp(TRACK, { now: () => now });
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0, at: 0 });
  for (let k = 0; k < 60; k++) listener.received.add(k); // 6 s of 0.1 s chunks
  listener.upstreamOpen = true;
  now = 3000;
  listener.check();
  // The host stamped a seek to 20 s four seconds ahead (a deep, slow tree): the parent now sends
  // from 20 s on, and the old timeline's chunks stop coming long before it is over.
  session.applyPlayback({ version: 2, trackSeq: 1, playing: true, position: 20, at: 7000 });
  for (const t of [3500, 4500, 5500, 6500, 7000]) {
    now = t;
    listener.check();
  }
  assert.equal(socket().sentOfType(ClientType.REPORT).length, 0, 'nothing judged before the seek takes effect');
  for (let k = 200; k < 240; k++) listener.received.add(k);
  now = 8000;
  listener.check();
  assert.equal(socket().sentOfType(ClientType.REPORT).length, 0, 'the new timeline flows');
  assert.equal(listener.state, UpstreamState.FLOWING);
});

test('a new parent that does not even offer a link within 2 s is reported unreachable at once', () => {
  let now = 0;
  const { listener, session, socket } = listenerSetUp(TRACK, { now: () => now });
  socket().deliver({ type: ServerType.UPSTREAM, peerId: 'relay-9' });
  assert.equal(session.upstreamPeerId, 'relay-9');
  now = 1900;
  listener.check();
  assert.equal(socket().sentOfType(ClientType.REPORT).length, 0, 'a live parent offers within a few hundred ms');
  now = 2100;
  listener.check();
  assert.deepEqual(socket().sentOfType(ClientType.REPORT),
    [{ type: ClientType.REPORT, problem: UpstreamProblem.UNREACHABLE, peerId: 'relay-9' }]);
});

test('moved to the parent it holds a standby link from, a listener counts its upstream open at once and reports nothing', () => {
  let now = 0;
  const { listener, session, socket } = listenerSetUp(TRACK, { now: () => now });
  listener.links.standbyFrom = new Set(['understudy-3']);
  socket().deliver({ type: ServerType.UPSTREAM, peerId: 'understudy-3' });
  assert.equal(session.upstreamPeerId, 'understudy-3');
  assert.equal(listener.upstreamOpen, true, 'the standby link was open already');
  now = 3500;
  listener.check();
  assert.equal(socket().sentOfType(ClientType.REPORT).length, 0, 'not taken for a parent that never offers');
});

test('a deep listener whose audio flows steadily but late is not starving; one that holds too little is', () => {
  let now = 0;
  const { listener, session, socket } = listenerSetUp(TRACK, { now: () => now });
  listener.upstreamOpen = true;
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0, at: 0 });
  // Chunks keep coming, each 2 s before it is due (hops above add their delay): 2 s held ahead.
  for (now = 0; now <= 6000; now += 100) {
    for (let k = 0; k * 100 < now + 2000; k++) listener.received.add(k);
    listener.check();
  }
  assert.equal(socket().sentOfType(ClientType.REPORT).length, 0, 'flowing, 2 s ahead');
  // Now they come only 1 s before they are due: too little to ride out a change of parent.
  for (; now <= 9000; now += 100) {
    for (let k = 0; k * 100 < now + 1000; k++) listener.received.add(k);
    listener.check();
  }
  assert.equal(socket().sentOfType(ClientType.REPORT).at(-1)?.problem, UpstreamProblem.STARVING);
});

test('a listener whose chunks stop tells the person it is starving within STALLED_AFTER_MS, while still holding seconds', async () => {
  let now = 0;
  const { listener, session, fromPeer } = listenerSetUp(TRACK, { now: () => now });
  listener.upstreamOpen = true;
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0, at: 0 });
  for (let k = 0; k < 40; k++) listener.received.add(k); // 4 s held; TRACK's chunks are 0.1 s
  for (now = 0; now <= 1000; now += 100) {
    listener.health.arrived({ nowMs: now, startSec: 4, positionSec: now / 1000 });
    listener.check();
  }
  assert.equal(listener.health.level, BufferLevel.OK);
  for (; now <= 1000 + STALLED_AFTER_MS + 100; now += 100) listener.check();
  assert.equal(listener.health.level, BufferLevel.STARVING);
  assert.ok(listener.health.aheadSec > 2, 'told before the buffer runs low');
  // A chunk whose time has passed still comes: counted late; chunk 45 never came: missing once passed.
  listener.received.delete(2);
  fromPeer('h', await signer.sealChunk(encodeChunk(audioBuffer(0.1), 1, 2, 100)));
  await crypto();
  assert.equal(listener.health.counts.late, 1);
  for (let k = 40; k < 60; k++) if (k !== 45) listener.received.add(k);
  now = 4700; // position 4.7 s
  listener.check();
  assert.equal(listener.health.counts.missing, 1);
});

test('a play stamped ahead is not a stall: nothing new is due until it takes effect', () => {
  let now = 0;
  const { listener, session, socket } = listenerSetUp(TRACK, { now: () => now });
  listener.upstreamOpen = true;
  for (let k = 0; k < 40; k++) listener.received.add(k); // 4 s held while paused
  session.applyPlayback({ version: 1, trackSeq: 1, playing: false, position: 0, at: 0 });
  now = 5000;
  listener.check();
  session.applyPlayback({ version: 2, trackSeq: 1, playing: true, position: 0, at: now + 900 });
  for (; now <= 7000; now += 100) {
    // the host sends the next chunk once its window has moved on by one of its 250 ms chunks
    for (let k = 0; k * 100 < now - 5900 - 250 + 4000; k++) listener.received.add(k);
    listener.check();
  }
  assert.equal(socket().sentOfType(ClientType.REPORT).length, 0);
});

test('after play from elsewhere, a seek or a new track the tree refills hop by hop: nobody is judged starving meanwhile', () => {
  let now = 0;
  const { listener, session, socket } = listenerSetUp(TRACK, { now: () => now });
  listener.upstreamOpen = true;
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 10, at: 0 }); // nothing held at 10 s yet
  now = REFILL_GRACE_MS - 100;
  listener.check();
  assert.equal(socket().sentOfType(ClientType.REPORT).length, 0, 'its parent is still being refilled');
  now = REFILL_GRACE_MS + 100;
  listener.check();
  assert.equal(socket().sentOfType(ClientType.REPORT).at(-1)?.problem, UpstreamProblem.STARVING);
});

test('a listener the server leaves without a parent says it is waiting, and flows again once given one', () => {
  const { listener, session, socket } = listenerSetUp();
  const states = [];
  listener.addEventListener(ListenerEvent.UPSTREAM_STATE, (e) => states.push(e.detail.state));
  socket().deliver({ type: ServerType.UPSTREAM, peerId: null });
  assert.equal(session.upstreamPeerId, null);
  assert.deepEqual(listener.links.closed, ['h'], 'the old parent is dropped');
  listener.check();
  assert.deepEqual(states, [UpstreamState.WAITING]);
  assert.equal(socket().sentOfType(ClientType.REPORT).length, 0, 'nobody to report about');
  socket().deliver({ type: ServerType.UPSTREAM, peerId: 'relay-2' });
  listener.upstreamOpen = true;
  listener.check();
  assert.deepEqual(states, [UpstreamState.WAITING, UpstreamState.FLOWING]);
});

test('a track in a codec this page lacks gets a clear message instead of silence', async () => {
  const { problemsSeen, player, fromPeer } = listenerSetUp({ ...TRACK, codec: 'opus-next' });
  await settle();
  assert.equal(problemsSeen.length, 1);
  assert.match(problemsSeen[0], /No sound: .*"opus-next" codec, which this page cannot play/);
  fromPeer('h', new ArrayBuffer(20));
  assert.equal(player.chunks.length, 0);
});

test('a listener in a room on the globe tells the server once its first audio sounds, and only then', async () => {
  let now = 0;
  const { player, socket } = listenerSetUp({ ...TRACK, globe: true }, { now: () => now });
  socket().deliver({ type: ServerType.PLAYBACK, playback: { version: 1, trackSeq: 1, playing: true, position: 0, at: 0 } });
  player.dispatchEvent(new CustomEvent(PlayerEvent.HEARING, { detail: { trackSeq: 1, serverAt: 30 } }));
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(socket().sentOfType(ClientType.HEARING).length, 0, 'not before it sounds');
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(socket().sentOfType(ClientType.HEARING), [{ type: ClientType.HEARING, trackSeq: 1 }]);
});

test('a listener in a room off the globe never says what it hears', async () => {
  const { player, socket } = listenerSetUp();
  socket().deliver({ type: ServerType.PLAYBACK, playback: { version: 1, trackSeq: 1, playing: true, position: 0, at: 0 } });
  player.dispatchEvent(new CustomEvent(PlayerEvent.HEARING, { detail: { trackSeq: 1, serverAt: 0 } }));
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(socket().sentOfType(ClientType.HEARING).length, 0);
});

test('a relay asked for more spare offers makes them only if still asked 3 s later; fewer at once', async () => {
  const { listener, socket } = listenerSetUp(TRACK, { relay: true });
  const { links } = listener;
  assert.equal(links.spareOffers, 1, 'a relay keeps one spare from the start');
  listener.onSpares(4);
  socket().deliver({ type: ServerType.SPARES, count: 1 }); // next joiners took its place in line
  assert.equal(links.spareOffers, 1);
  await new Promise((resolve) => setTimeout(resolve, SPARES_RAISE_AFTER_MS + 100));
  assert.equal(links.spareOffers, 1, 'the cancelled raise never happens');
  socket().deliver({ type: ServerType.SPARES, count: 4 });
  await new Promise((resolve) => setTimeout(resolve, SPARES_RAISE_AFTER_MS + 100));
  assert.equal(links.spareOffers, 4, 'a request that holds takes effect');
  socket().deliver({ type: ServerType.SPARES, count: 1 });
  assert.equal(links.spareOffers, 1, 'fewer at once');
  listener.stop();
});
