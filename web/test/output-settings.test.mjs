import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_OFFSET_MS, OutputSettings, OutputSettingsEvent } from '../app/room/output-settings.js';
import { QuietLog } from './fakes.mjs';

/** A localStorage stand-in. */
class MemoryStorage {
  constructor(entries = {}) {
    this.map = new Map(Object.entries(entries));
  }

  getItem(key) {
    return this.map.has(key) ? this.map.get(key) : null;
  }

  setItem(key, value) {
    this.map.set(key, String(value));
  }
}

test('volume and mute are remembered and come back on the next page', () => {
  const storage = new MemoryStorage();
  const first = new OutputSettings({ storage });
  first.setVolume(0.4);
  first.setMuted(true);
  const next = new OutputSettings({ storage });
  assert.equal(next.volume, 0.4);
  assert.equal(next.muted, true);
  assert.equal(next.gain, 0, 'muted: nothing comes out');
  next.setMuted(false);
  assert.equal(next.gain, 0.4);
});

test('the offset is remembered per output device', () => {
  const storage = new MemoryStorage();
  const settings = new OutputSettings({ storage, deviceId: '' });
  settings.setOffsetMs(180);
  settings.useDevice('bt-headphones');
  assert.equal(settings.offsetMs, 0, 'another device starts from 0');
  settings.nudgeOffsetMs(10);
  settings.nudgeOffsetMs(-1);
  assert.equal(settings.offsetMs, 9);
  settings.useDevice('');
  assert.equal(settings.offsetMs, 180);
  assert.equal(new OutputSettings({ storage, deviceId: 'bt-headphones' }).offsetMs, 9);
});

test('values out of range or not numbers are bounded, and stored junk is ignored', () => {
  const log = new QuietLog();
  const storage = new MemoryStorage({ 'syncroom.volume': '{not json', 'syncroom.outputOffsetMs:': '"<b>"' });
  const settings = new OutputSettings({ storage, log });
  assert.equal(settings.volume, 1);
  assert.equal(settings.offsetMs, 0);
  assert.equal(log.lines.length, 1, 'the unreadable entry is logged once');
  settings.setVolume(7);
  assert.equal(settings.volume, 1);
  settings.setVolume(-1);
  assert.equal(settings.volume, 0);
  settings.setOffsetMs(1e9);
  assert.equal(settings.offsetMs, MAX_OFFSET_MS);
  settings.setOffsetMs(-1e9);
  assert.equal(settings.offsetMs, -MAX_OFFSET_MS);
  settings.setOffsetMs(12.4);
  assert.equal(settings.offsetMs, 12, 'whole ms');
  settings.setOffsetMs(NaN);
  assert.equal(settings.offsetMs, 0);
});

test('level and offset changes are told apart, and a change to the same value says nothing', () => {
  const settings = new OutputSettings();
  const seen = [];
  for (const type of Object.values(OutputSettingsEvent)) settings.addEventListener(type, (e) => seen.push([type, e.detail.offsetMs]));
  settings.setVolume(0.5);
  settings.setVolume(0.5);
  settings.setOffsetMs(50);
  settings.setOffsetMs(50);
  assert.deepEqual(seen, [[OutputSettingsEvent.LEVEL, 0], [OutputSettingsEvent.OFFSET, 50]]);
});

test('a store that refuses writes keeps the settings for this page and says why once each', () => {
  const log = new QuietLog();
  const storage = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
  const settings = new OutputSettings({ storage, log });
  settings.setOffsetMs(30);
  assert.equal(settings.offsetMs, 30);
  assert.equal(log.lines.length, 1);
});
