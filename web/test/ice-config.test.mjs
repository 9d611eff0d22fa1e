// The server's ice-config (docs/protocol.md) reaches every peer connection a page makes:
// links to peers it feeds, its spare offers and its upstream link alike.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PeerLinks } from '../app/links/peer-links.js';
import { Role, ServerType } from '../app/protocol.js';
import { FakePeerConnection, connectedSession, memoryTokens, settle } from './fakes.mjs';

const TURN = {
  urls: ['turn:10.77.0.1:3478?transport=udp'], username: '1800003600:h', credential: 'IGvvq+SqY/rDlgdpM4FpJR7YR5w=',
};

function hostWithLinks() {
  const env = connectedSession({ invite: null, hostTokens: memoryTokens('tok'), peerId: 'h' });
  const connections = [];
  const links = new PeerLinks({
    session: env.session, problems: env.problems, retireAfterMs: 0,
    createConnection: (config) => {
      const pc = new FakePeerConnection(config);
      connections.push(pc);
      return pc;
    },
  });
  return { ...env, links, connections };
}

test('every connection a page makes uses the ICE servers and the relay-only policy the server sent', async () => {
  const { socket, links, connections } = hostWithLinks();
  socket().deliver({ type: ServerType.ICE_CONFIG, iceServers: [{ urls: ['stun:listen.example:3478'] }, TURN],
    iceTransportPolicy: 'relay', expiresAtUnixSec: 1800003600 });
  socket().deliver({ type: ServerType.JOINED, roomId: 'r', role: Role.HOST, hostPeerId: 'h', listeners: [], track: null, playback: null });
  links.openDownstream('l1');
  links.keepSpareOffer();
  await settle();
  assert.ok(connections.length >= 2, 'a link and a spare offer');
  for (const pc of connections) {
    assert.deepEqual(pc.config, { iceServers: [{ urls: ['stun:listen.example:3478'] }, TURN], iceTransportPolicy: 'relay' });
  }
});

test('without an ice-config a page uses no ICE servers, as on loopback', async () => {
  const { socket, links, connections } = hostWithLinks();
  socket().deliver({ type: ServerType.JOINED, roomId: 'r', role: Role.HOST, hostPeerId: 'h', listeners: [], track: null, playback: null });
  links.openDownstream('l1');
  await settle();
  assert.deepEqual(connections[0].config, { iceServers: [] });
});

test('an ice-config with a server entry of the wrong shape is refused as malformed and changes nothing', async () => {
  const { socket, session, problems } = hostWithLinks();
  socket().deliver({ type: ServerType.ICE_CONFIG, iceServers: [{ urls: 'turn:x' }], iceTransportPolicy: 'all' });
  assert.deepEqual(session.iceConfiguration, { iceServers: [] });
  assert.ok(Object.keys(problems.snapshot()).length > 0, 'counted as a problem');
});
