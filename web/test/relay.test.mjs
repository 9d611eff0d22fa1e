import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeChunk } from '../app/codecs/pcm16.js';
import { readChunkHeader } from '../app/codecs/chunk-header.js';
import { PeerLinkEvent } from '../app/links/peer-links.js';
import { EnvelopeKind, MalformedEnvelope, PAYLOAD_OFFSET, openEnvelope } from '../app/relay/envelope.js';
import { ChunkCache } from '../app/relay/chunk-cache.js';
import { Relay } from '../app/relay/relay.js';
import { SignedChunkSource } from '../app/relay/signed-source.js';
import { EnvelopeVerifier, ForgedEnvelope, HostSigner, chunkBytes, pulseText } from '../app/relay/signatures.js';
import { FakeChannel, TRACK, connectedSession, settle } from './fakes.mjs';

function audio(sec) {
  const data = Float32Array.from({ length: sec * 1000 }, (_, i) => Math.sin(i / 7) * 0.8);
  return { duration: sec, sampleRate: 1000, numberOfChannels: 1, length: data.length, getChannelData: () => data };
}

test('a chunk sealed by the host opens, byte for byte, with the host key', async () => {
  const signer = await HostSigner.create();
  const verifier = await EnvelopeVerifier.create(signer.publicKey);
  const chunk = encodeChunk(audio(1), 3, 7, 100);
  const envelope = await signer.sealChunk(chunk);
  const { kind, payload } = await verifier.open(envelope);
  assert.equal(kind, EnvelopeKind.CHUNK);
  assert.deepEqual(new Uint8Array(chunkBytes(payload)), new Uint8Array(chunk));
  assert.deepEqual(readChunkHeader(payload), { version: 1, channels: 1, codecId: 0, trackSeq: 3, index: 7, frames: 100 });
  assert.equal(signer.publicKey.length, 43, '32 raw bytes in base64url');
});

test('a flipped byte, a forged pulse or another host key fails verification', async () => {
  const signer = await HostSigner.create();
  const verifier = await EnvelopeVerifier.create(signer.publicKey);
  const envelope = await signer.sealChunk(encodeChunk(audio(1), 1, 0, 100));
  const flipped = envelope.slice(0);
  new Uint8Array(flipped)[PAYLOAD_OFFSET + 40] ^= 0xff;
  await assert.rejects(verifier.open(flipped), ForgedEnvelope);

  const impostor = await HostSigner.create();
  const pause = { type: 'pulse', serverTime: 1, track: TRACK, playback: { version: 99, trackSeq: 1, playing: false, position: 3, at: 0 } };
  await assert.rejects(verifier.open(await impostor.sealPulse(pause)), ForgedEnvelope);
  const genuine = await verifier.open(await signer.sealPulse(pause));
  assert.deepEqual(JSON.parse(pulseText(genuine.payload)), pause);

  // The kind byte is signed too: a chunk cannot be passed off as a pulse.
  const relabelled = envelope.slice(0);
  new Uint8Array(relabelled)[1] = EnvelopeKind.PULSE;
  await assert.rejects(verifier.open(relabelled), ForgedEnvelope);
});

test('what is not an envelope is refused before any crypto', () => {
  assert.throws(() => openEnvelope(new ArrayBuffer(10)), MalformedEnvelope);
  assert.throws(() => openEnvelope(new ArrayBuffer(300 * 1024)), MalformedEnvelope);
  const wrongVersion = new Uint8Array(PAYLOAD_OFFSET + 4);
  wrongVersion[0] = 1;
  assert.throws(() => openEnvelope(wrongVersion.buffer), /version 1/);
  assert.throws(() => openEnvelope(/** @type {any} */ ('text')), /not binary/);
});

test('the host signs ahead of the position and the streamer is woken for each chunk', async () => {
  const signer = await HostSigner.create();
  const encoded = { trackSeq: 1, total: 50, chunk: (k) => encodeChunk(audio(5), 1, k, 100), forgetBefore() {} };
  let ready = 0;
  const signed = new SignedChunkSource(encoded, signer, { onReady: () => ready++, onError: (e) => { throw e; } });
  assert.equal(signed.chunk(0), null, 'not signed yet');
  signed.prepare(0, 9);
  // WebCrypto signs on Node's thread pool: on a busy machine that takes more than a turn or two.
  for (const deadline = Date.now() + 5000; ready < 10 && Date.now() < deadline;) await settle();
  assert.equal(ready, 10);
  const verifier = await EnvelopeVerifier.create(signer.publicKey);
  const { payload } = await verifier.open(signed.chunk(4));
  assert.equal(readChunkHeader(payload).index, 4);
  signed.forgetBefore(3);
  assert.equal(signed.sealed.has(2), false);
});

test('the cache keeps one track, a bounded window of chunks, and only the newest pulse', () => {
  const cache = new ChunkCache(5);
  for (let k = 0; k < 8; k++) cache.putChunk(1, k, new ArrayBuffer(k + 1));
  assert.deepEqual([...cache.envelopes.keys()], [3, 4, 5, 6, 7]);
  cache.putChunk(0, 9, new ArrayBuffer(1));
  assert.equal(cache.chunk(9), null, 'a chunk of an older track is not kept');
  cache.putChunk(2, 0, new ArrayBuffer(1));
  assert.deepEqual([...cache.envelopes.keys()], [0], 'a newer track replaces the old one');
  assert.equal(cache.putPulse(4, new ArrayBuffer(1)), true);
  assert.equal(cache.putPulse(3, new ArrayBuffer(2)), false);
  assert.equal(cache.pulse.byteLength, 1);
});

test('a relay forwards each envelope at once to its children and fills a late child from its cache', async () => {
  let local = 0;
  const clock = { synced: true, lastRtt: 1, driftPpm: 0, uncertaintyMs: 0.1, asymmetryBoundMs: 0.5, serverNow: () => local, toLocal: (s) => s, start: () => Promise.resolve() };
  const { session } = connectedSession({ clock });
  session.applyTrack(TRACK);
  session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0, at: 0 });
  const links = new EventTarget();
  const relay = new Relay({ session, links: /** @type {any} */ (links), problems: { report() {} }, pumpMs: 0 });
  const open = (peerId) => {
    const channel = new FakeChannel('audio');
    channel.readyState = 'open';
    links.dispatchEvent(new CustomEvent(PeerLinkEvent.DOWNSTREAM_OPEN, { detail: { peerId, channel } }));
    return channel;
  };
  const early = open('c1');
  const envelopes = Array.from({ length: 6 }, (_, k) => new Uint8Array([2, 1, 0, 0, k]).buffer);
  relay.forwardChunk(1, 0, envelopes[0]);
  relay.forwardChunk(1, 1, envelopes[1]);
  assert.deepEqual(early.sent, [envelopes[0], envelopes[1]], 'forwarded the moment they arrived, unchanged');
  relay.forwardPulse(1, envelopes[5]);
  relay.forwardPulse(1, envelopes[4]);
  assert.equal(early.sent.at(-1), envelopes[5], 'a pulse of a version already passed on is not sent again');
  assert.equal(early.sent.filter((e) => e === envelopes[4]).length, 0);

  local = 100; // the room is now in chunk 1
  relay.forwardChunk(1, 2, envelopes[2]);
  const late = open('c2');
  assert.deepEqual(late.sent, [envelopes[5], envelopes[0], envelopes[1], envelopes[2]],
    'the newest pulse, then from the chunk before the position on');
  assert.equal(relay.childCount, 2);
  relay.stop();
});

test('a relay switched to tampering flips bytes of what it forwards or sends pauses of its own', async () => {
  const { flipByte, tamperRelay, Tampering } = await import('../app/relay/faults.js');
  const signer = await HostSigner.create();
  const verifier = await EnvelopeVerifier.create(signer.publicKey);
  const genuine = await signer.sealChunk(encodeChunk(audio(1), 1, 0, 100));
  await assert.rejects(verifier.open(flipByte(genuine)), ForgedEnvelope);

  const { session } = connectedSession();
  session.applyTrack(TRACK);
  session.applyPlayback({ version: 3, trackSeq: 1, playing: true, position: 0, at: 0 });
  const links = new EventTarget();
  const relay = new Relay({ session, links: /** @type {any} */ (links), problems: { report() {} }, pumpMs: 0 });
  const channel = new FakeChannel('audio');
  links.dispatchEvent(new CustomEvent(PeerLinkEvent.DOWNSTREAM_OPEN, { detail: { peerId: 'c', channel } }));
  await tamperRelay(relay, Tampering.FORGE_PAUSE);
  const forged = channel.sent.at(-1);
  await assert.rejects(verifier.open(forged), ForgedEnvelope, 'the forged pause does not pass as the host');
  const { payload } = openEnvelope(forged);
  assert.equal(JSON.parse(pulseText(payload)).playback.playing, false);
  relay.stop();
});

test('a child that stops sending keepalives is dropped; one that keeps them is fed on', async () => {
  const { feedDownstream, CHILD_SILENT_MS } = await import('../app/relay/relay.js');
  let now = 0;
  const links = new EventTarget();
  const closed = [];
  links.close = (peerId) => {
    closed.push(peerId);
    links.dispatchEvent(new CustomEvent(PeerLinkEvent.DOWNSTREAM_CLOSE, { detail: { peerId } }));
  };
  const sinks = new Map();
  const streamer = { addSink: (id, sink) => sinks.set(id, sink), removeSink: (id) => sinks.delete(id) };
  const children = feedDownstream(/** @type {any} */ (links), /** @type {any} */ (streamer), undefined, { now: () => now, checkMs: 0 });
  for (const peerId of ['alive', 'dead']) {
    links.dispatchEvent(new CustomEvent(PeerLinkEvent.DOWNSTREAM_OPEN, { detail: { peerId, channel: new FakeChannel('audio') } }));
  }
  for (now = 500; now <= CHILD_SILENT_MS + 1000; now += 500) {
    links.dispatchEvent(new CustomEvent(PeerLinkEvent.DOWNSTREAM_ALIVE, { detail: { peerId: 'alive' } }));
    children.check();
  }
  assert.deepEqual(closed, ['dead']);
  assert.deepEqual([...sinks.keys()], ['alive']);
});
