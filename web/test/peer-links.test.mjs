import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Direction, PeerLinkEvent, PeerLinks } from '../app/links/peer-links.js';
import { AUDIO_CHANNEL_ID, AUDIO_CHANNEL_LABEL, AUDIO_PACKET_LIFETIME_MS, ClientType, KEEPALIVE_TEXT, Role, ServerType } from '../app/protocol.js';
import { FakePeerConnection, connectedSession, memoryTokens, settle } from './fakes.mjs';

function setUp({ role }) {
  const env = role === Role.HOST
    ? connectedSession({ invite: null, hostTokens: memoryTokens('tok'), peerId: 'h' })
    : connectedSession({ peerId: 'l' });
  env.socket().deliver({ type: ServerType.JOINED, roomId: 'r', role, hostPeerId: 'h', listeners: [], track: null, playback: null, upstreamPeerId: role === Role.LISTENER ? 'h' : null });
  const connections = [];
  const links = new PeerLinks({
    session: env.session,
    problems: env.problems,
    createConnection: (config) => {
      const pc = new FakePeerConnection(config);
      connections.push(pc);
      return pc;
    },
    retireAfterMs: 0,
  });
  const events = [];
  for (const type of Object.values(PeerLinkEvent)) links.addEventListener(type, (e) => events.push([type, e.detail.peerId]));
  return { ...env, links, connections, events };
}

test('the host opens an unordered, pre-negotiated "audio" channel with timed reliability to a listener and sends it an offer', async () => {
  const { links, connections, socket, events } = setUp({ role: Role.HOST });
  links.openDownstream('l1');
  await settle();
  const [pc] = connections;
  assert.equal(pc.channels[0].label, AUDIO_CHANNEL_LABEL);
  assert.deepEqual(pc.channels[0].options, { ordered: false, maxPacketLifeTime: AUDIO_PACKET_LIFETIME_MS, negotiated: true, id: AUDIO_CHANNEL_ID });
  const [signal] = socket().sentOfType(ClientType.SIGNAL);
  assert.deepEqual(signal, { type: ClientType.SIGNAL, to: 'l1', data: { description: { type: 'offer', sdp: 'v=0 offer' } } });
  pc.channels[0].open();
  assert.equal(links.openDownstreamCount, 1);
  socket().deliver({ type: ServerType.SIGNAL, from: 'l1', data: { description: { type: 'answer', sdp: 'a' } } });
  socket().deliver({ type: ServerType.SIGNAL, from: 'l1', data: { candidate: { candidate: 'c1' } } });
  await settle();
  assert.equal(pc.remoteDescription.type, 'answer');
  assert.deepEqual(pc.candidates, [{ candidate: 'c1' }]);
  assert.deepEqual(events, [[PeerLinkEvent.DOWNSTREAM_OPEN, 'l1']]);
});

test('a listener answers only its upstream peer, and what comes from upstream is passed on', async () => {
  const { links, connections, socket, events, problems } = setUp({ role: Role.LISTENER });
  socket().deliver({ type: ServerType.SIGNAL, from: 'stranger', data: { description: { type: 'offer', sdp: 'x' } } });
  await settle();
  assert.equal(connections.length, 0, 'an offer from a peer other than the host is ignored');
  assert.equal(problems.snapshot()['offer-from-unexpected-peer'], 1);

  socket().deliver({ type: ServerType.SIGNAL, from: 'h', data: { description: { type: 'offer', sdp: 'o' } } });
  await settle();
  const [pc] = connections;
  const answer = socket().sentOfType(ClientType.SIGNAL).at(-1);
  assert.deepEqual(answer, { type: ClientType.SIGNAL, to: 'h', data: { description: { type: 'answer', sdp: 'v=0 answer' } } });
  const [channel] = pc.channels;
  assert.deepEqual([channel.label, channel.options], [AUDIO_CHANNEL_LABEL, { ordered: false, maxPacketLifeTime: AUDIO_PACKET_LIFETIME_MS, negotiated: true, id: AUDIO_CHANNEL_ID }],
    'the listener creates the same pre-negotiated channel itself');
  const messages = [];
  links.addEventListener(PeerLinkEvent.UPSTREAM_MESSAGE, (e) => messages.push(e.detail.data));
  channel.open();
  channel.receive('pulse text');
  assert.deepEqual(messages, ['pulse text']);
  assert.equal(links.links.get('h').direction, Direction.UPSTREAM);
  assert.deepEqual(events.slice(0, 2), [[PeerLinkEvent.UPSTREAM_OFFER, 'h'], [PeerLinkEvent.UPSTREAM_OPEN, 'h']],
    'the offer is noted (the parent is alive), then the channel opens');
});

test('a failed connection is reported and closed, and its channel counts as gone', async () => {
  const { links, connections, events, problems } = setUp({ role: Role.HOST });
  links.openDownstream('l1');
  await settle();
  connections[0].channels[0].open();
  connections[0].fail();
  assert.equal(connections[0].closed, true);
  assert.equal(links.openDownstreamCount, 0);
  assert.deepEqual(events.at(-1), [PeerLinkEvent.DOWNSTREAM_CLOSE, 'l1']);
  assert.equal(problems.snapshot()['peer-link-failed'], 1);
});

test('an ended link is silenced at once and its connection closed a little later', async () => {
  const { links, connections, socket, events } = setUp({ role: Role.LISTENER });
  links.retireAfterMs = 30;
  socket().deliver({ type: ServerType.SIGNAL, from: 'h', data: { description: { type: 'offer', sdp: 'o' } } });
  await settle();
  const [pc] = connections;
  const [channel] = pc.channels;
  channel.open();
  const messages = [];
  links.addEventListener(PeerLinkEvent.UPSTREAM_MESSAGE, (e) => messages.push(e.detail.data));
  links.close('h');
  channel.receive('late pulse');
  assert.deepEqual(messages, [], 'nothing is taken from an ended link');
  assert.deepEqual(events.at(-1), [PeerLinkEvent.UPSTREAM_CLOSE, 'h']);
  assert.equal(pc.closed, false, 'the connection is not torn down in the middle of a change of parent');
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(pc.closed, true);
});

test('a link ended before its channel opened never counts as open', async () => {
  const { links, connections, events } = setUp({ role: Role.HOST });
  links.retireAfterMs = 30;
  links.openDownstream('l1');
  await settle();
  links.close('l1');
  connections[0].channels[0].open(); // the handshake finishes while the connection lingers
  assert.equal(links.openDownstreamCount, 0);
  assert.deepEqual(events, [[PeerLinkEvent.DOWNSTREAM_CLOSE, 'l1']], 'no DOWNSTREAM_OPEN: nothing is fed into it');
});

test('opening a link to a peer again replaces the old one', async () => {
  const { links, connections } = setUp({ role: Role.HOST });
  links.openDownstream('l1');
  await settle();
  links.openDownstream('l1');
  await settle();
  assert.equal(connections.length, 2);
  assert.equal(connections[0].closed, true);
  assert.equal(links.links.get('l1').pc, connections[1]);
});

test('a page keeping spare offers sends them the moment it is asked to feed peers, and makes new ones later', async () => {
  const { links, connections, socket } = setUp({ role: Role.HOST });
  links.spareOffers = 2;
  links.keepSpareOffer();
  links.spare.refillMs = 20;
  await settle();
  assert.equal(connections.length, 2, 'the spares are made before anyone needs them');
  assert.deepEqual(connections.map((pc) => pc.localDescription.type), ['offer', 'offer']);
  links.openDownstream('l1');
  links.openDownstream('l2');
  assert.deepEqual(socket().sentOfType(ClientType.SIGNAL).map((m) => [m.to, m.data.description.type]), [['l1', 'offer'], ['l2', 'offer']],
    'the offers go out at once, with no connection to build first');
  assert.equal(links.links.get('l1').pc, connections[0]);
  assert.equal(links.links.get('l2').pc, connections[1]);
  connections[0].channels[0].open();
  assert.equal(links.openDownstreamCount, 1);
  links.openDownstream('l3');
  await settle();
  assert.equal(connections.length, 3, 'with no spare ready, a link is made as before');
  assert.equal(socket().sentOfType(ClientType.SIGNAL).at(-1).to, 'l3');
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.equal(connections.length, 5, 'new spares follow after a pause');
  assert.deepEqual(connections.slice(3).map((pc) => pc.localDescription.type), ['offer', 'offer']);
  links.closeAll();
  assert.deepEqual(connections.map((pc) => pc.closed), [true, true, true, true, true], 'closing all ends the links and the spares');
});

test('a candidate that arrives while the answer is still being applied waits for it', async () => {
  const { links, connections, socket, problems } = setUp({ role: Role.HOST });
  links.openDownstream('l1');
  await settle();
  const [pc] = connections;
  let applyAnswer;
  pc.setRemoteDescription = (d) => new Promise((resolve) => {
    applyAnswer = () => {
      pc.remoteDescription = d;
      resolve();
    };
  });
  pc.addIceCandidate = async (c) => {
    if (!pc.remoteDescription) throw new Error('InvalidStateError: no remote description');
    pc.candidates.push(c);
  };
  socket().deliver({ type: ServerType.SIGNAL, from: 'l1', data: { description: { type: 'answer', sdp: 'a' } } });
  socket().deliver({ type: ServerType.SIGNAL, from: 'l1', data: { candidate: { candidate: 'c1' } } });
  await settle();
  assert.deepEqual(pc.candidates, [], 'not added before the answer is in');
  applyAnswer();
  await settle();
  assert.deepEqual(pc.candidates, [{ candidate: 'c1' }]);
  assert.equal(problems.snapshot()['peer-link-failed'], undefined);
});

test('a feeding page names its spare offers to the server once their candidates are gathered', async () => {
  const { links, connections, socket } = setUp({ role: Role.HOST });
  links.spareOffers = 2;
  links.keepSpareOffer();
  await settle();
  await settle();
  const [shelf] = socket().sentOfType(ClientType.SPARE_OFFERS).slice(-1);
  assert.deepEqual(shelf.offers, [
    { id: 's1', description: { type: 'offer', sdp: 'v=0 offer' } },
    { id: 's2', description: { type: 'offer', sdp: 'v=0 offer' } },
  ]);
  assert.equal(connections.length, 2);
});

test('a spare whose candidates are still being gathered is used, but not named to the server', async () => {
  const { links, connections, socket } = setUp({ role: Role.HOST });
  const create = links.createConnection;
  links.createConnection = (config) => Object.assign(create(config), { holdGathering: true });
  links.keepSpareOffer();
  await settle();
  assert.equal(socket().sentOfType(ClientType.SPARE_OFFERS).length, 0);
  connections[0].finishGathering();
  await settle();
  assert.deepEqual(socket().sentOfType(ClientType.SPARE_OFFERS).at(-1).offers.map((o) => o.id), ['s1']);
});

test('fed a peer the server handed our spare offer to, a page sends no offer, and applies the answer that names it', async () => {
  const { links, connections, socket, problems } = setUp({ role: Role.HOST });
  links.spareOffers = 2;
  links.keepSpareOffer();
  await settle();
  await settle();
  socket().deliver({ type: ServerType.FEED, peerId: 'l1', spareId: 's2' });
  links.openDownstream('l1', 's2');
  await settle();
  assert.equal(socket().sentOfType(ClientType.SIGNAL).length, 0, 'the peer has the offer already');
  assert.equal(links.links.get('l1').pc, connections[1], 'the very spare the server handed out');
  assert.deepEqual(socket().sentOfType(ClientType.SPARE_OFFERS).at(-1).offers.map((o) => o.id), ['s1'],
    'the server is told it is gone');
  socket().deliver({ type: ServerType.SIGNAL, from: 'l1', data: { description: { type: 'answer', sdp: 'a' }, spareId: 's2' } });
  await settle();
  assert.equal(connections[1].remoteDescription.sdp, 'a');
  assert.equal(problems.snapshot()['answer-to-another-offer'], undefined);
});

test('fed a peer for a spare offer this page no longer has, it sends a fresh offer and ignores the answer to the old one', async () => {
  const { links, connections, socket, problems } = setUp({ role: Role.HOST });
  links.keepSpareOffer();
  await settle();
  await settle();
  links.openDownstream('l0'); // takes s1 the ordinary way, while the server hands it to l1
  links.openDownstream('l1', 's1');
  await settle();
  const offers = socket().sentOfType(ClientType.SIGNAL).map((m) => m.to);
  assert.deepEqual(offers, ['l0', 'l1'], 'l1 gets an offer of its own');
  const pc = links.links.get('l1').pc;
  assert.notEqual(pc, connections[0]);
  socket().deliver({ type: ServerType.SIGNAL, from: 'l1', data: { description: { type: 'answer', sdp: 'old' }, spareId: 's1' } });
  socket().deliver({ type: ServerType.SIGNAL, from: 'l1', data: { description: { type: 'answer', sdp: 'new' } } });
  await settle();
  assert.equal(pc.remoteDescription.sdp, 'new');
  assert.equal(problems.snapshot()['answer-to-another-offer'], 1);
});

test('a listener answers the offer that comes with its orders at once, naming it', async () => {
  const { connections, socket, events } = setUp({ role: Role.LISTENER });
  socket().deliver({ type: ServerType.UPSTREAM, peerId: 'r1', offer: { id: 's7', description: { type: 'offer', sdp: 'o' } } });
  await settle();
  const [pc] = connections;
  assert.equal(pc.remoteDescription.sdp, 'o');
  assert.deepEqual(socket().sentOfType(ClientType.SIGNAL).at(-1),
    { type: ClientType.SIGNAL, to: 'r1', data: { description: { type: 'answer', sdp: 'v=0 answer' }, spareId: 's7' } });
  assert.deepEqual(events.at(-1), [PeerLinkEvent.UPSTREAM_OFFER, 'r1']);
});

test('a child\'s keepalive and repair request reach the parent; a malformed, oversized or binary message is dropped and counted', async () => {
  const { links, connections, problems } = setUp({ role: Role.HOST });
  links.openDownstream('l1');
  await settle();
  const channel = connections[0].channels[0];
  channel.open();
  const seen = [];
  links.addEventListener(PeerLinkEvent.DOWNSTREAM_ALIVE, (e) => seen.push(['alive', e.detail.peerId]));
  links.addEventListener(PeerLinkEvent.DOWNSTREAM_REPAIR, (e) => seen.push(['repair', e.detail.trackSeq, e.detail.indexes]));
  channel.receive(KEEPALIVE_TEXT);
  channel.receive(JSON.stringify({ type: 'repair', trackSeq: 2, indexes: [7, 9] }));
  for (const bad of [
    new ArrayBuffer(10),
    'x'.repeat(100_000),
    'not json',
    JSON.stringify({ type: 'pulse' }),
    JSON.stringify({ type: 'repair', trackSeq: 2, indexes: [] }),
    JSON.stringify({ type: 'repair', trackSeq: 2, indexes: Array.from({ length: 9 }, (_, i) => i) }),
    JSON.stringify({ type: 'repair', trackSeq: 2, indexes: [1.5] }),
    JSON.stringify({ type: 'repair', trackSeq: -1, indexes: [1] }),
  ]) channel.receive(bad);
  assert.deepEqual(seen, [['alive', 'l1'], ['alive', 'l1'], ['repair', 2, [7, 9]]]);
  assert.equal(problems.snapshot()['malformed-child-message'], 8);
});

test('a listener asks its upstream peer for chunks again on its own channel, and only once it is open', async () => {
  const { links, connections, socket } = setUp({ role: Role.LISTENER });
  assert.equal(links.sendRepair('h', 1, [3]), false, 'no link yet');
  socket().deliver({ type: ServerType.SIGNAL, from: 'h', data: { description: { type: 'offer', sdp: 'o' } } });
  await settle();
  const [channel] = connections[0].channels;
  assert.equal(links.sendRepair('h', 1, [3]), false, 'not open yet');
  channel.open();
  assert.equal(links.sendRepair('h', 1, [3, 4]), true);
  assert.deepEqual(channel.sent.map((t) => JSON.parse(t)), [{ type: 'repair', trackSeq: 1, indexes: [3, 4] }]);
});
