// The client's layout rules, enforced: only ui/ touches the DOM document, only protocol.js
// spells the wire vocabulary, and main.js stays wiring.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ClientType, ErrorCode, PeerType, Role, ServerType } from '../app/protocol.js';

const APP = fileURLToPath(new URL('../app/', import.meta.url));

function modules(dir = APP) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return modules(path);
    return name.endsWith('.js') ? [relative(APP, path)] : [];
  });
}

/** Source without comments, so prose may name things freely. */
function code(file) {
  return readFileSync(join(APP, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const stringLiterals = (source) => [...source.matchAll(/'([^'\\\n]*)'|"([^"\\\n]*)"|`([^`$\\]*)`/g)]
  .map((m) => m[1] ?? m[2] ?? m[3]);

test('no module outside ui/ touches document', () => {
  const offenders = modules().filter((f) => !f.startsWith('ui/') && /\bdocument\b/.test(code(f)));
  assert.deepEqual(offenders, []);
});

/** Literals that spell a wire word but mean something else, each with its reason. */
const NOT_WIRE = new Set([
  "player/player.js: 'playback'", // AudioContext latencyHint (Web Audio API, AudioContextLatencyCategory)
  // A classic script with no imports (one round trip less before the socket opens); early-socket.test.mjs
  // checks that what it sends is build.join's.
  "boot/early-socket.js: 'join'",
]);

test('no wire-type, role or error-code string literal appears outside protocol.js', () => {
  const vocabulary = new Set([ClientType, ServerType, PeerType, Role, ErrorCode].flatMap(Object.values));
  const offenders = modules().filter((f) => f !== 'protocol.js').flatMap((f) => stringLiterals(code(f))
    .filter((literal) => vocabulary.has(literal)).map((literal) => `${f}: '${literal}'`))
    .filter((found) => !NOT_WIRE.has(found));
  assert.deepEqual(offenders, []);
});

test('main.js is wiring, well under 100 lines', () => {
  const lines = readFileSync(join(APP, 'main.js'), 'utf8').split('\n').length;
  assert.ok(lines < 100, `main.js has ${lines} lines`);
});
