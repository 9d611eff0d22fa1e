import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestartLead } from '../app/media/restart-lead.js';
import { CommandLead, DEFAULT_LEAD_MS, MAX_LEAD_MS, MIN_LEAD_MS } from '../app/room/command-lead.js';
import { TRACK } from './fakes.mjs';

// TRACK: 1000 frames a second, 100-frame chunks: chunk k holds 0.1 k .. 0.1 (k + 1) s.
const play = (position, at, extra = {}) => ({ version: 2, trackSeq: 1, playing: true, position, at, ...extra });

test('a listener measures how long before `at` the chunk holding the new position came, once per restart', () => {
  const lead = new RestartLead();
  assert.equal(lead.measured(), null, 'nothing before a restart');
  lead.begin(TRACK, play(1.25, 10_000), () => false);
  assert.equal(lead.measured(), null, 'not measured until that chunk comes');
  assert.equal(lead.arrived(13, 9_500), null, 'another chunk is not the one');
  assert.deepEqual(lead.arrived(12, 9_640), { at: 10_000, leadMs: 360 });
  assert.equal(lead.arrived(12, 9_990), null, 'told once: the first copy counts');
  assert.deepEqual(lead.measured(), { at: 10_000, leadMs: 360 });

  lead.begin(TRACK, play(2, 20_000), () => false);
  assert.deepEqual(lead.arrived(20, 20_150), { at: 20_000, leadMs: -150 }, 'late is negative');

  lead.begin(TRACK, play(3, 30_000), (i) => i === 30);
  assert.equal(lead.measured(), null, 'held already: nothing to learn');
  assert.equal(lead.arrived(30, 29_500), null);
  assert.equal(lead.measured(), null);
  lead.begin(TRACK, play(3, 31_000, { playing: false }), () => false);
  assert.equal(lead.arrived(30, 30_950), null, 'a pause is no restart');
  assert.equal(lead.measured(), null);
});

test('the host stamps 800 ms ahead until a restart is measured, then covers the slowest path with room to spare', () => {
  const lead = new CommandLead();
  const first = lead.stamp(1_000);
  assert.equal(first, 1_000 + DEFAULT_LEAD_MS);
  lead.observe(null);
  lead.observe({ at: first, reported: 3, minLeadMs: 700 }); // the slowest took 100 ms
  assert.equal(lead.leadMs, MIN_LEAD_MS, 'a quick room plays sooner, never below the minimum');
  const second = lead.stamp(10_000);
  assert.equal(second, 10_000 + MIN_LEAD_MS);
  lead.observe({ at: second, reported: 2, minLeadMs: 200 }); // first reports: 200 ms
  lead.observe({ at: second, reported: 5, minLeadMs: -500 }); // a deep listener was 500 ms late: 900 ms
  assert.equal(lead.leadMs, 900 * 1.25 + 250, 'raised at once to the slowest');
  lead.observe({ at: second, reported: 5, minLeadMs: -500 });
  assert.equal(lead.leadMs, 900 * 1.25 + 250, 'the same word twice changes nothing');
  lead.observe({ at: 123, reported: 9, minLeadMs: -9_999 });
  assert.equal(lead.leadMs, 900 * 1.25 + 250, 'a restart this page did not stamp is ignored');
  for (let i = 0; i < 5; i++) {
    const at = lead.stamp(20_000 + i * 10_000);
    lead.observe({ at, reported: 5, minLeadMs: lead.leadMs - 50 });
  }
  assert.equal(lead.leadMs, MIN_LEAD_MS, 'it falls once the slow restart is five commands old');
  const huge = lead.stamp(90_000);
  lead.observe({ at: huge, reported: 1, minLeadMs: -60_000 });
  assert.equal(lead.leadMs, MAX_LEAD_MS, 'and never beyond the maximum');
});
