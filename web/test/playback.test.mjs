import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isNewer, positionAt } from '../app/room/playback.js';

test('a playing state advances in real time from its anchor; a paused one stays put', () => {
  const playing = { version: 2, trackSeq: 1, playing: true, position: 10, at: 50_000 };
  assert.equal(positionAt(playing, 52_500), 12.5);
  assert.equal(positionAt({ ...playing, playing: false }, 52_500), 10);
});

test('only a newer version replaces the state, whichever path delivered it', () => {
  const seen = { version: 5 };
  assert.ok(isNewer(null, seen));
  assert.ok(isNewer(seen, { version: 6 }));
  assert.ok(!isNewer(seen, { version: 5 }), 'a relayed copy of the same state');
  assert.ok(!isNewer(seen, { version: 4 }), 'a stale pulse arriving late');
});
