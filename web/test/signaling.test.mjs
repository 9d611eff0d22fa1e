import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Problems } from '../app/problems.js';
import { ClientType, ServerType } from '../app/protocol.js';
import { ProbeFailed, Signaling, SocketEvent } from '../app/signaling.js';
import { FakeSocket, QuietLog } from './fakes.mjs';

function setUp({ now = () => 0 } = {}) {
  const log = new QuietLog();
  const problems = new Problems(log);
  const sockets = [];
  const timers = [];
  const signaling = new Signaling('ws://test/ws', {
    now,
    problems,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    setTimer: (fn, ms) => {
      timers.push({ fn, ms });
      return timers.length;
    },
    clearTimer: (id) => {
      timers[id - 1].cleared = true;
    },
  });
  signaling.connect();
  sockets[0].open();
  return { signaling, problems, log, sockets, timers };
}

test('a malformed server message is reported once with its type and dropped; the next one arrives', () => {
  const { signaling, problems, log, sockets } = setUp();
  const got = [];
  signaling.on(ServerType.PLAYBACK, (m) => got.push(m.playback.version));
  sockets[0].deliver({ type: ServerType.PLAYBACK, playback: { version: 'seven' } });
  sockets[0].deliver({ type: ServerType.PLAYBACK });
  sockets[0].deliver('{not json');
  sockets[0].deliver({ type: ServerType.PLAYBACK, playback: { version: 2, trackSeq: 1, playing: true, position: 0, at: 5 } });
  assert.deepEqual(got, [2]);
  assert.equal(problems.snapshot()['malformed-playback'], 2);
  assert.equal(problems.snapshot()['unparseable-server-message'], 1);
  assert.equal(log.lines.filter((l) => l.includes('malformed-playback')).length, 1, 'logged once, counted twice');
  assert.match(log.lines[0], /malformed playback message: field "playback"/);
});

test('server messages and socket events are kept apart', () => {
  const { signaling, sockets } = setUp();
  let closes = 0;
  signaling.addEventListener(SocketEvent.CLOSE, () => closes++);
  sockets[0].deliver({ type: SocketEvent.CLOSE });
  assert.equal(closes, 0, 'a message that calls itself "close" is not a socket event');
  sockets[0].close();
  assert.equal(closes, 1);
});

test('a handler that throws is reported and does not stop later messages', () => {
  const { signaling, problems, sockets } = setUp();
  let calls = 0;
  signaling.on(ServerType.PEER_LEFT, () => {
    calls++;
    throw new Error('view bug');
  });
  sockets[0].deliver({ type: ServerType.PEER_LEFT, peerId: 'a', role: 'listener' });
  sockets[0].deliver({ type: ServerType.PEER_LEFT, peerId: 'b', role: 'listener' });
  assert.equal(calls, 2);
  assert.equal(problems.snapshot()[`handler-${ServerType.PEER_LEFT}`], 2);
});

test('a time probe carries t0 out and pairs the answer with the receive time t3', async () => {
  let local = 100;
  const { signaling, sockets } = setUp({ now: () => local });
  const probe = signaling.probe();
  const [request] = sockets[0].sentOfType(ClientType.TIME_REQUEST);
  assert.equal(request.t0, 100);
  local = 104;
  sockets[0].deliver({ type: ServerType.TIME_RESPONSE, t0: 100, t1: 5001, t2: 5001.5 });
  assert.deepEqual(await probe, { t0: 100, t1: 5001, t2: 5001.5, t3: 104 });
});

test('a probe fails with ProbeFailed when the socket drops, times out, or is not open', async () => {
  const { signaling, sockets } = setUp();
  const dropped = signaling.probe();
  sockets[0].close();
  await assert.rejects(dropped, (e) => e instanceof ProbeFailed && /dropped/.test(e.message));
  await assert.rejects(signaling.probe(), (e) => e instanceof ProbeFailed && /not connected/.test(e.message));

  const again = setUp();
  const unanswered = again.signaling.probe(3000);
  again.timers.find((t) => t.ms === 3000).fn();
  await assert.rejects(unanswered, (e) => e instanceof ProbeFailed && /unanswered/.test(e.message));
});

test('after a drop it reconnects with growing backoff; after close() it stays closed', () => {
  const { signaling, sockets, timers } = setUp();
  sockets[0].close();
  assert.equal(timers.at(-1).ms, 500);
  timers.at(-1).fn();
  assert.equal(sockets.length, 2);
  sockets[1].close();
  assert.equal(timers.at(-1).ms, 1000);
  timers.at(-1).fn();
  sockets[2].open();
  signaling.close();
  assert.equal(timers.filter((t) => !t.cleared).length, 2, 'no reconnect scheduled after close()');
});

test('sending while disconnected is reported and returns false instead of throwing', () => {
  const { signaling, problems, sockets } = setUp();
  sockets[0].close();
  assert.equal(signaling.send({ type: ClientType.CREATE_ROOM }), false);
  assert.equal(problems.snapshot()['send-while-disconnected'], 1);
});
