// docs/protocol-examples.json is decoded by the server's ProtocolExamplesTest and by this test,
// so the two sides of the protocol cannot drift apart.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ClientType, ServerType, build, checkServerMessage } from '../app/protocol.js';

const examples = JSON.parse(readFileSync(new URL('../../docs/protocol-examples.json', import.meta.url), 'utf8'));

/** What the page's builder makes from an example's fields. */
const BUILDERS = {
  [ClientType.TIME_REQUEST]: (m) => build.timeRequest(m.t0),
  [ClientType.CREATE_ROOM]: (m) => build.createRoom(m.hostKey),
  [ClientType.RESUME_HOST]: (m) => build.resumeHost(m.hostToken, m.hostKey),
  [ClientType.JOIN]: (m) => build.join(m.invite, m.relay),
  [ClientType.SIGNAL]: (m) => build.signal(m.to, m.data),
  [ClientType.ANNOUNCE_TRACK]: (m) => build.announceTrack(m),
  [ClientType.PLAY]: (m) => build.play(m.position, m.at),
  [ClientType.PAUSE]: (m) => build.pause(m.position, m.at),
  [ClientType.SEEK]: (m) => build.seek(m.position, m.at),
  [ClientType.REPORT]: (m) => build.report(m.problem, m.peerId),
  [ClientType.SPARE_OFFERS]: (m) => build.spareOffers(m.offers),
  [ClientType.HEARING]: (m) => build.hearing(m.trackSeq),
  [ClientType.RESTART_LEAD]: (m) => build.restartLead(m.at, m.leadMs),
  [ClientType.MEMBER_STATUS]: (m) => build.memberStatus(m),
  [ClientType.REMOVE_LISTENER]: (m) => build.removeListener(m.peerId),
};

test('the examples name every message type of both directions, as protocol.js spells them', () => {
  const types = (direction) => examples[direction].map((e) => e.message.type).sort();
  assert.deepEqual(types('clientToServer'), Object.values(ClientType).sort());
  assert.deepEqual(types('serverToClient'), Object.values(ServerType).sort());
});

test('the page builds every client example exactly, field for field', () => {
  for (const { name, message } of examples.clientToServer) {
    assert.deepEqual(BUILDERS[message.type](message), message, name);
  }
});

test('the page accepts every server example as well-formed', () => {
  for (const { name, message } of examples.serverToClient) {
    assert.doesNotThrow(() => checkServerMessage(message), name);
  }
});
