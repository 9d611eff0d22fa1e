import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeChunk } from '../app/codecs/pcm16.js';
import { PeerLinkEvent } from '../app/links/peer-links.js';
import { Streamer } from '../app/media/streamer.js';
import { MAX_REPAIR_INDEXES, Role, ServerType } from '../app/protocol.js';
import { flipByte } from '../app/relay/faults.js';
import { feedDownstream } from '../app/relay/relay.js';
import { RepairBudget, REPAIR_BURST_CHUNKS, REPAIR_CHUNKS_PER_SEC } from '../app/relay/repair-budget.js';
import { MAX_TRIES, REORDER_WAIT_MS, RETRY_MS, RepairRequests } from '../app/relay/repair-requests.js';
import { HostSigner } from '../app/relay/signatures.js';
import { ListenerRole } from '../app/roles/listener.js';
import { TRACK, connectedSession, settle, syncedClock } from './fakes.mjs';

const signer = await HostSigner.create();
const crypto = async () => {
  for (let i = 0; i < 20; i++) await settle();
};
const tenthOfASecond = () => ({
  duration: 0.1, sampleRate: 1000, numberOfChannels: 1, length: 100, getChannelData: () => new Float32Array(100).fill(0.25),
});
/** TRACK's chunks (0.1 s each), signed by the host, as the host's source holds them. */
const envelopes = await Promise.all(Array.from({ length: 60 }, (_, k) => signer.sealChunk(encodeChunk(tenthOfASecond(), 1, k, 100))));

test('a gap is asked for once it outlasts reordering, again after RETRY_MS, at most MAX_TRIES times, never when due too soon', () => {
  const repairs = new RepairRequests();
  const has = (index) => index !== 5 && index !== 6;
  assert.deepEqual(repairs.due({ nowMs: 0, firstAskable: 2, newest: 10, has }), [], 'maybe only reordered');
  assert.deepEqual(repairs.due({ nowMs: REORDER_WAIT_MS, firstAskable: 2, newest: 10, has }), [5, 6]);
  assert.deepEqual(repairs.due({ nowMs: REORDER_WAIT_MS + 100, firstAskable: 2, newest: 10, has }), [], 'not again so soon');
  let now = REORDER_WAIT_MS;
  for (let tries = 1; tries < MAX_TRIES; tries++) {
    now += RETRY_MS;
    assert.deepEqual(repairs.due({ nowMs: now, firstAskable: 2, newest: 10, has }), [5, 6]);
  }
  assert.deepEqual(repairs.due({ nowMs: now + RETRY_MS, firstAskable: 2, newest: 10, has }), [], 'tries used up');
  repairs.newParent();
  assert.deepEqual(repairs.due({ nowMs: now + RETRY_MS + 1, firstAskable: 6, newest: 10, has }), [6],
    'a new parent is asked at once; 5 is due too soon now and given up');
  assert.equal(repairs.counts.gaveUp, 1);
  assert.deepEqual(repairs.due({ nowMs: now + 10_000, firstAskable: 0, newest: 3, has: () => false }).length, 0,
    'nothing is a gap before it is seen missing for REORDER_WAIT_MS');
});

test('one request names at most MAX_REPAIR_INDEXES chunks, nearest first; an answer counts as recovered and times the round trip', () => {
  const repairs = new RepairRequests();
  const has = (index) => index >= 30;
  repairs.due({ nowMs: 0, firstAskable: 0, newest: 30, has });
  const first = repairs.due({ nowMs: REORDER_WAIT_MS, firstAskable: 0, newest: 30, has });
  assert.deepEqual(first, Array.from({ length: MAX_REPAIR_INDEXES }, (_, i) => i));
  assert.deepEqual(repairs.due({ nowMs: REORDER_WAIT_MS + 100, firstAskable: 0, newest: 30, has }).slice(0, 2), [8, 9]);
  assert.equal(repairs.arrived(0, REORDER_WAIT_MS + 80), true);
  assert.equal(repairs.arrived(29, REORDER_WAIT_MS + 80), false, 'seen missing, never asked for');
  assert.equal(repairs.arrived(40, REORDER_WAIT_MS + 80), false, 'never missing');
  assert.deepEqual(repairs.counts.recovered, 1);
  assert.equal(repairs.repairRttMs, 80);
});

test('a parent sends a child at most its repair budget of chunks, then REPAIR_CHUNKS_PER_SEC', () => {
  let now = 0;
  const budget = new RepairBudget({ now: () => now });
  let granted = 0;
  for (let i = 0; i < 10; i++) granted += budget.take('c', MAX_REPAIR_INDEXES);
  assert.equal(granted, REPAIR_BURST_CHUNKS);
  assert.equal(budget.take('other', 2), 2, 'children have budgets of their own');
  now = 1000;
  assert.equal(budget.take('c', 100), REPAIR_CHUNKS_PER_SEC);
  assert.equal(budget.refused, 10 * MAX_REPAIR_INDEXES - REPAIR_BURST_CHUNKS + 100 - REPAIR_CHUNKS_PER_SEC);
});

class ChildLinks extends EventTarget {
  constructor(parentLinks) {
    super();
    this.parentLinks = parentLinks;
    this.asked = [];
  }

  sendRepair(peerId, trackSeq, indexes) {
    this.asked.push(indexes);
    this.parentLinks.dispatchEvent(new CustomEvent(PeerLinkEvent.DOWNSTREAM_REPAIR, { detail: { peerId: 'l', trackSeq, indexes } }));
    return true;
  }

  close() {}

  openDownstream() {}
}

/**
 * A host's streamer feeding listener 'l' over a channel that loses the first copy of each chunk
 * in `lost` and passes what it carries through `alter`.
 */
function hostFeedingListener({ lost, alter = (data) => data }) {
  let now = 0;
  const env = connectedSession({ peerId: 'l', relay: false, clock: syncedClock(() => now) });
  env.socket().deliver({ type: ServerType.JOINED, roomId: 'r', role: Role.LISTENER, hostPeerId: 'h', listeners: [], track: TRACK, playback: null, hostKey: signer.publicKey, upstreamPeerId: 'h' });
  const parentLinks = new EventTarget();
  const links = new ChildLinks(parentLinks);
  const player = { addChunk: () => {}, addEventListener() {} };
  const listener = new ListenerRole({ session: env.session, links: /** @type {any} */ (links), player: /** @type {any} */ (player), problems: env.problems, now: () => now, watchMs: 0 });
  listener.start();
  const streamer = new Streamer({ positionNow: () => env.session.positionNow() ?? 0, pumpMs: 0, now: () => now });
  streamer.setSource({ total: envelopes.length, chunk: (k) => envelopes[k] ?? null, forgetBefore() {} }, TRACK);
  feedDownstream(/** @type {any} */ (parentLinks), streamer, undefined, { now: () => now, checkMs: 0 });
  const dropped = new Set();
  const sent = [];
  const channel = {
    bufferedAmount: 0,
    send(data) {
      sent.push(data);
      const index = envelopes.indexOf(data);
      if (lost.includes(index) && !dropped.has(index)) {
        dropped.add(index);
        return;
      }
      links.dispatchEvent(new CustomEvent(PeerLinkEvent.UPSTREAM_MESSAGE, { detail: { peerId: 'h', data: alter(data, index) } }));
    },
  };
  links.dispatchEvent(new CustomEvent(PeerLinkEvent.UPSTREAM_OPEN, { detail: { peerId: 'h' } }));
  env.session.applyPlayback({ version: 1, trackSeq: 1, playing: true, position: 0, at: 0 });
  parentLinks.dispatchEvent(new CustomEvent(PeerLinkEvent.DOWNSTREAM_OPEN, { detail: { peerId: 'l', channel } }));
  return { ...env, listener, links, streamer, sent, advance: (ms) => { now += ms; } };
}

test('a chunk lost on the way is asked for again, resent by the parent, verified and counted recovered', async () => {
  const { listener, links, streamer, advance } = hostFeedingListener({ lost: [5, 20] });
  await crypto();
  for (let t = 0; t < 6; t++) {
    advance(50);
    listener.check();
    await crypto();
  }
  assert.deepEqual(links.asked, [[5, 20]], 'both gaps in one request, once');
  assert.equal(streamer.resent, 2);
  assert.equal(listener.health.counts.recovered, 2);
  assert.equal(listener.repairs.counts.recovered, 2);
  assert.ok(listener.received.has(5) && listener.received.has(20));
  assert.equal(listener.counts.forged, 0);
});

test('a repaired chunk is verified like any other: one altered on the way is dropped and never counted recovered', async () => {
  const { listener, links, problems, advance } = hostFeedingListener({
    lost: [12],
    alter: (data, index) => (index === 12 ? flipByte(data) : data),
  });
  await crypto();
  for (let t = 0; t < 16; t++) {
    advance(50);
    listener.check();
    await crypto();
  }
  assert.ok(links.asked.length >= 2, 'asked again after RETRY_MS');
  assert.ok(problems.snapshot()['forged-envelope'] >= 1);
  assert.equal(listener.received.has(12), false);
  assert.equal(listener.health.counts.recovered, 0);
});

test('a chunk due too soon for an answer is not asked for; once its time passes it is missing', async () => {
  const { listener, links, advance } = hostFeedingListener({ lost: [1] });
  await crypto();
  for (let t = 0; t < 10; t++) {
    advance(50);
    listener.check();
    await crypto();
  }
  assert.deepEqual(links.asked, [], 'chunk 1 (0.1-0.2 s) was due within the answer margin from the start');
  assert.equal(listener.health.counts.missing, 1);
  assert.equal(listener.health.counts.recovered, 0);
});

test('the arrival lead keeps the newest samples and gives nearest-rank percentiles', async () => {
  const { ArrivalLead } = await import('../app/media/arrival-lead.js');
  const lead = new ArrivalLead(100);
  assert.equal(lead.percentile(0.5), null);
  for (let ms = 1; ms <= 300; ms++) lead.add(ms); // only 201-300 are kept
  assert.deepEqual(lead.snapshot(), { p1: 201, p50: 250, count: 100 });
});

test('chunks go to the decoder in index order: one ahead of a gap waits for it until it is nearly due', async () => {
  const { InOrderRelease, MAX_HELD_CHUNKS } = await import('../app/codecs/in-order.js');
  const decoded = [];
  const inOrder = new InOrderRelease((index) => decoded.push(index), () => 4);
  const bytes = new ArrayBuffer(1);
  inOrder.take(6, bytes);
  inOrder.take(4, bytes);
  assert.deepEqual(decoded, [4], 'the first expected chunk goes at once; 6 waits for 5');
  inOrder.take(5, bytes);
  assert.deepEqual(decoded, [4, 5, 6]);
  inOrder.take(9, bytes);
  inOrder.take(10, bytes);
  inOrder.expire(9);
  assert.deepEqual(decoded, [4, 5, 6], '9 is not nearly due yet');
  inOrder.expire(10);
  assert.deepEqual(decoded, [4, 5, 6, 9, 10], 'due soon: on without 7 and 8, and 10 after it');
  inOrder.take(8, bytes);
  assert.deepEqual(decoded.at(-1), 8, 'a chunk behind what went on goes at once');
  assert.equal(inOrder.releasedWithoutPredecessor, 1);
  inOrder.restart();
  for (let k = 0; k <= MAX_HELD_CHUNKS; k++) inOrder.take(100 + 2 * k, bytes);
  assert.ok(decoded.includes(100), 'bounded: the lowest goes on when too many wait');
});

test('chunks that come before the page knows where its parent starts wait, and then go in order from the start', async () => {
  const { InOrderRelease } = await import('../app/codecs/in-order.js');
  const decoded = [];
  let first = null; // the clock is not synced yet: the position is unknown
  const inOrder = new InOrderRelease((index) => decoded.push(index), () => first);
  const bytes = new ArrayBuffer(1);
  inOrder.take(33, bytes);
  inOrder.expire(40);
  assert.deepEqual(decoded, [], 'not taken for the start while the start is unknown');
  first = 32; // synced: the parent started one chunk before the position
  inOrder.take(34, bytes);
  assert.deepEqual(decoded, [], '33 and 34 wait for 32, the pre-roll on its way');
  inOrder.take(32, bytes);
  assert.deepEqual(decoded, [32, 33, 34]);

  inOrder.restart();
  first = null;
  decoded.length = 0;
  inOrder.take(51, bytes);
  inOrder.take(50, bytes);
  first = 50;
  inOrder.expire(45);
  assert.deepEqual(decoded, [50, 51], 'the held ones go, in order, once the start is known');
  assert.equal(inOrder.releasedWithoutPredecessor, 0, 'none of them went without its predecessor');
});

test('a new track\'s first chunks, come before its playback state, survive that state\'s restart and go in order', async () => {
  const { InOrderRelease } = await import('../app/codecs/in-order.js');
  const decoded = [];
  let first = null; // the new track is known, its playback state not yet: no start
  const inOrder = new InOrderRelease((index) => decoded.push(index), () => first);
  const bytes = new ArrayBuffer(1);
  inOrder.restart(); // the track
  inOrder.take(1, bytes);
  inOrder.take(0, bytes);
  inOrder.take(2, bytes);
  first = 0; // its playback: paused at 0, the parent started at chunk 0
  inOrder.restart({ keepWaiting: true });
  inOrder.expire(0);
  assert.deepEqual(decoded, [0, 1, 2], 'none lost: they would never come again');

  decoded.length = 0;
  inOrder.take(5, bytes); // ahead of a gap, once the start is known
  inOrder.restart({ keepWaiting: true }); // a seek
  inOrder.take(40, bytes);
  first = 40;
  inOrder.expire(30);
  assert.deepEqual(decoded, [], 'after a seek what waited for a gap of the old timeline is dropped');
});
