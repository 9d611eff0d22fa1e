// The queue's tag reading with the real music-metadata (the npm package the page bundles, from
// web/vendor/node_modules, which the Maven build installs) on files made here.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { MAX_COVER_BYTES, readQueueTags } from '../app/media/tags.js';
import { Problems } from '../app/problems.js';
import { QuietLog } from './fakes.mjs';

const READER = new URL('../vendor/node_modules/music-metadata/lib/index.js', import.meta.url);
const skip = existsSync(READER) ? false : 'web/vendor/node_modules is missing: run the Maven build first';
const loadReader = () => import(READER.href);

/** An ID3v2.3 tag (title, artist, and a JPEG cover of `coverBytes`) before one silent MPEG-1 Layer III frame header. */
function id3File({ title, artist, coverBytes }) {
  const frame = (id, body) => {
    const header = Buffer.alloc(10);
    header.write(id, 0, 'latin1');
    header.writeUInt32BE(body.length, 4);
    return Buffer.concat([header, body]);
  };
  const text = (value) => Buffer.concat([Buffer.from([3]), Buffer.from(value, 'utf8')]);
  const frames = Buffer.concat([
    frame('TIT2', text(title)), frame('TPE1', text(artist)),
    frame('APIC', Buffer.concat([Buffer.from([0]), Buffer.from('image/jpeg\0', 'latin1'), Buffer.from([3, 0]), Buffer.alloc(coverBytes, 0xab)])),
  ]);
  const n = frames.length;
  const size = Buffer.from([(n >> 21) & 127, (n >> 14) & 127, (n >> 7) & 127, n & 127]);
  const mpegFrame = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(413)]);
  return new Blob([Buffer.from('ID3'), Buffer.from([3, 0, 0]), size, frames, mpegFrame, mpegFrame]);
}

test('a 20 MB cover is left out with a note; title and artist still come through as text', { skip }, async () => {
  const problems = new Problems(new QuietLog());
  const tags = await readQueueTags(id3File({ title: '<img src=x onerror=alert(1)>', artist: 'Big', coverBytes: 20 * 1024 * 1024 }),
    problems, loadReader);
  assert.equal(tags.title, '<img src=x onerror=alert(1)>');
  assert.equal(tags.artist, 'Big');
  assert.equal(tags.cover, null);
  assert.match(tags.note, /Cover not shown: 21\.0 MB is over the 2 MB limit/);
  assert.equal(problems.snapshot()['cover-too-large'], 1);
});

test('a small cover is kept as an image blob', { skip }, async () => {
  const tags = await readQueueTags(id3File({ title: 'T', artist: 'A', coverBytes: 1000 }), new Problems(new QuietLog()), loadReader);
  assert.equal(tags.cover?.type, 'image/jpeg');
  assert.equal(tags.cover?.size, 1000);
  assert.ok(tags.cover.size <= MAX_COVER_BYTES);
});

test('a file with no tags at all, or bytes no reader understands, gets empty tags and never throws', { skip }, async () => {
  const problems = new Problems(new QuietLog());
  const tags = await readQueueTags(new Blob([Buffer.from('not audio at all')]), problems, loadReader);
  assert.equal(tags.title, '');
  assert.equal(tags.cover, null);
});
