import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_QUEUE_ENTRIES, QueueEvent, TrackQueue } from '../app/room/queue.js';
import { HostEvent } from '../app/roles/host.js';
import { HostQueue } from '../app/roles/host-queue.js';
import { SessionEvent } from '../app/room/session.js';

const file = (name) => Object.assign(new Blob([name]), { name });
const names = (queue) => queue.entries.map((e) => e.fileName);

test('files join the queue in the order picked; entries can be moved and removed', () => {
  const queue = new TrackQueue();
  let changes = 0;
  queue.addEventListener(QueueEvent.CHANGED, () => changes++);
  const { added } = queue.add(['a', 'b', 'c', 'd'].map(file));
  assert.deepEqual(names(queue), ['a', 'b', 'c', 'd']);
  queue.move(added[3].id, 0);
  assert.deepEqual(names(queue), ['d', 'a', 'b', 'c']);
  queue.moveBy(added[0].id, 1);
  assert.deepEqual(names(queue), ['d', 'b', 'a', 'c']);
  queue.moveBy(added[2].id, 99); // clamped to the end
  assert.deepEqual(names(queue), ['d', 'b', 'a', 'c']);
  assert.equal(queue.remove(added[1].id), true);
  assert.deepEqual(names(queue), ['d', 'a', 'c']);
  assert.equal(queue.remove(added[1].id), false, 'removing twice changes nothing');
  assert.equal(changes, 4, 'one change event per change, none for no-ops');
});

test('next and previous step over files that cannot play; removing the current entry leaves none', () => {
  const queue = new TrackQueue();
  const { added: [a, b, c, d] } = queue.add(['a', 'b', 'c', 'd'].map(file));
  assert.equal(queue.after()?.fileName, 'a', 'an idle queue starts at its first entry');
  queue.select(a.id);
  queue.markFailed(b.id, 'cannot decode');
  assert.equal(queue.after()?.fileName, 'c');
  queue.select(d.id);
  assert.equal(queue.after(), null);
  assert.equal(queue.before()?.fileName, 'c');
  queue.select(c.id);
  assert.equal(queue.before()?.fileName, 'a', 'the failed one is skipped backwards too');
  queue.remove(c.id);
  assert.equal(queue.current, null);
});

test('a queue of 500 files holds them all in order; beyond its bound files are refused and counted', () => {
  const queue = new TrackQueue();
  const many = Array.from({ length: 500 }, (_, i) => file(`track-${i}.wav`));
  const { added, refused } = queue.add(many);
  assert.equal(added.length, 500);
  assert.equal(refused, 0);
  assert.equal(queue.entries[499].fileName, 'track-499.wav');
  queue.move(added[499].id, 0);
  assert.equal(queue.entries[0].fileName, 'track-499.wav');
  const more = queue.add(Array.from({ length: MAX_QUEUE_ENTRIES }, (_, i) => file(`more-${i}`)));
  assert.equal(queue.entries.length, MAX_QUEUE_ENTRIES);
  assert.equal(more.refused, 500);
});

test('tags are kept as plain text, whatever markup they hold', () => {
  const queue = new TrackQueue();
  const { added: [a] } = queue.add([file('x.mp3')]);
  const title = '<img src=x onerror="window.pwned=1">';
  queue.setTags(a.id, { title, artist: '<b>me</b>' });
  assert.equal(queue.get(a.id).title, title);
  assert.equal(TrackQueue.nameOf(queue.get(a.id)), title);
  assert.equal(TrackQueue.nameOf(queue.add([file('untagged.wav')]).added[0]), 'untagged.wav');
});

/** A host role that "loads" files by name; names starting with "bad" cannot be decoded. */
class FakeHost extends EventTarget {
  constructor() {
    super();
    this.loaded = [];
    this.plays = 0;
  }

  async load(f) {
    this.loaded.push(f.name);
    if (f.name.startsWith('bad')) return false;
    queueMicrotask(() => this.dispatchEvent(new CustomEvent(HostEvent.READY, { detail: {} })));
    return true;
  }

  play() {
    this.plays++;
  }
}

function fakeSession() {
  const session = new EventTarget();
  Object.assign(session, { queue: new TrackQueue(), track: null, playing: false, position: 0, positionNow: () => session.position });
  return session;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

test('the host queue loads the first file picked, plays the next when a track ends, and skips undecodable files', async () => {
  const session = fakeSession();
  const host = new FakeHost();
  const tagsRead = [];
  const controller = new HostQueue({
    session, host, problems: null, endCheckMs: 0,
    tagsOf: async (f) => { tagsRead.push(f.name); return { title: `T ${f.name}`, artist: '', cover: null, note: '' }; },
  });
  controller.add(['one', 'bad-two', 'three'].map(file));
  await settle();
  assert.deepEqual(host.loaded, ['one']);
  assert.equal(host.plays, 0, 'the first file waits for Play');

  Object.assign(session, { track: { trackSeq: 1, durationSec: 3 }, playing: true, position: 2.9 });
  controller.checkEnd();
  assert.deepEqual(host.loaded, ['one'], 'not yet at the end');
  session.position = 3.05;
  controller.checkEnd();
  controller.checkEnd(); // the same end, seen twice, advances once
  await settle();
  assert.deepEqual(host.loaded, ['one', 'bad-two', 'three']);
  assert.equal(host.plays, 1, 'the next playable file starts by itself');
  assert.equal(session.queue.current.fileName, 'three');
  assert.equal(session.queue.entries[1].failed, true);
  assert.match(session.queue.entries[1].note, /cannot decode/);

  await controller.previous();
  await settle();
  assert.equal(session.queue.current.fileName, 'one', 'previous skips the undecodable file');
  assert.deepEqual(tagsRead, ['one', 'bad-two', 'three'], 'every file\'s tags are read, one at a time');
  assert.equal(session.queue.entries[0].title, 'T one');
});

test('after the last track ends nothing more is loaded', async () => {
  const session = fakeSession();
  const host = new FakeHost();
  const controller = new HostQueue({ session, host, problems: null, endCheckMs: 0, tagsOf: async () => ({}) });
  controller.add([file('only')]);
  await settle();
  Object.assign(session, { track: { trackSeq: 1, durationSec: 3 }, playing: true, position: 4 });
  session.dispatchEvent(new CustomEvent(SessionEvent.TRACK, { detail: {} }));
  controller.checkEnd();
  await settle();
  assert.deepEqual(host.loaded, ['only']);
});
