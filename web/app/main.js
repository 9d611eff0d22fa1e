// Wires the page: host mode when opened plainly, listener mode when opened from an invite
// URL (?invite=…). Add ?measure to attach the click tap used by the alignment tests.

import { decodeChunk } from './chunks.js';
import { ServerClock } from './clock.js';
import { Host } from './host.js';
import { Mesh } from './mesh.js';
import { isNewer } from './playback.js';
import { Player } from './player.js';
import { Signaling } from './signaling.js';
import { attachTap } from './tap.js';

const HOST_TOKEN_KEY = 'syncroom.hostToken';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const invite = params.get('invite');

const signaling = new Signaling(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
const clock = new ServerClock(() => signaling.probe());
const player = new Player(clock);
const state = { role: null, peerId: null, hostPeerId: null, connections: 0, track: null, playback: null };
const mesh = new Mesh(signaling, { acceptOffer: (peerId) => peerId === state.hostPeerId });
let host = null; // set once this page holds the host seat

// Milestones (ms on this page's clock) of the join path; shown to tests and the benchmark.
const milestones = {};
const mark = (name) => {
  if (!(name in milestones)) milestones[name] = performance.now();
};

window.syncRoom = { state, clock, player, mesh, signaling, milestones };

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}

function positionNow() {
  return player.positionNow() ?? 0;
}

function formatTime(sec) {
  const s = Math.max(0, Math.floor(sec));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// ---- connection and identity -------------------------------------------------------------

signaling.addEventListener('open', () => {
  $('connection').textContent = 'connected';
  $('connection').className = 'badge ok';
});
// Peer connections outlive the signalling socket: audio and sync pulses keep flowing host to
// listener while either of them reconnects to the server, or cannot.
signaling.addEventListener('close', () => {
  $('connection').textContent = 'reconnecting…';
  $('connection').className = 'badge bad';
});

let clockStarted = false;
signaling.on('welcome', ({ peerId }) => {
  state.peerId = peerId;
  state.connections++;
  mark('welcome');
  if (!clockStarted) {
    clockStarted = true;
    clock.start().then(() => mark('clockSynced'));
  }
  if (invite) {
    signaling.send({ type: 'join', invite });
  } else if (sessionStorage.getItem(HOST_TOKEN_KEY)) {
    signaling.send({ type: 'resume-host', hostToken: sessionStorage.getItem(HOST_TOKEN_KEY) });
  } else {
    $('host-start').hidden = false;
  }
});

signaling.on('error', ({ code, message }) => {
  if (code === 'unknown-host-token') {
    sessionStorage.removeItem(HOST_TOKEN_KEY);
    $('host-start').hidden = false;
    return;
  }
  showError(code === 'unknown-invite' ? 'This invite link is unknown or has expired. Ask the host for a new one.'
    : `${message} (${code})`);
});

signaling.on('room-created', ({ hostToken, inviteUrl }) => {
  sessionStorage.setItem(HOST_TOKEN_KEY, hostToken);
  $('invite-url').value = inviteUrl;
});

signaling.on('joined', ({ role, hostPeerId, listeners, track, playback }) => {
  state.role = role;
  state.hostPeerId = hostPeerId;
  mark('joined');
  showError('');
  $('now-playing').hidden = false;
  $('host-start').hidden = true;
  $(role === 'host' ? 'host-panel' : 'listener-panel').hidden = false;
  $('host-status').hidden = role !== 'listener' || Boolean(hostPeerId);
  if (track) onTrack(track);
  if (playback) onPlayback(playback);
  if (role === 'host') {
    becomeHost();
    for (const id of listeners) host.connectListener(id);
  }
});

signaling.on('peer-joined', ({ peerId, role }) => {
  if (role === 'host') {
    state.hostPeerId = peerId;
    $('host-status').hidden = true;
  }
  if (host && role === 'listener') host.connectListener(peerId);
});

signaling.on('peer-left', ({ peerId, role }) => {
  if (host && role === 'listener') host.listenerLeft(peerId);
  if (role === 'host' && peerId === state.hostPeerId) $('host-status').hidden = false;
});

signaling.on('track', ({ track }) => onTrack(track));
signaling.on('playback', ({ playback }) => onPlayback(playback));

// ---- track and playback state ------------------------------------------------------------

function onTrack(track) {
  if (state.track && track.trackSeq < state.track.trackSeq) return;
  state.track = track;
  player.setTrack(track);
  $('track-title').textContent = track.title;
  $('seek').max = String(track.durationSec);
  host?.onTrack(track);
}

function onPlayback(playback) {
  const before = state.playback;
  if (!isNewer(before, playback)) return;
  state.playback = playback;
  player.setPlayback(playback);
  host?.onPlayback(before, playback);
}

// ---- listener side (any page: audio and pulses are taken from the host's peer only) ------------------------------------------------------------------------

mesh.addEventListener('message', ({ detail: { peerId, data } }) => {
  if (peerId !== state.hostPeerId) return;
  if (typeof data === 'string') {
    onPulse(data);
    return;
  }
  mark('firstChunk');
  try {
    player.addChunk(decodeChunk(data));
  } catch (e) {
    showError(`bad audio chunk: ${e.message}`);
  }
});

/** The host's sync pulse: the room's track and playback state, relayed peer to peer. */
function onPulse(text) {
  let pulse;
  try {
    pulse = JSON.parse(text);
  } catch {
    return;
  }
  if (pulse.type !== 'pulse') return;
  if (pulse.track) onTrack(pulse.track);
  if (pulse.playback) onPlayback(pulse.playback);
}

// ---- host side -----------------------------------------------------------------------------

function becomeHost() {
  if (host) return;
  host = new Host({
    signaling, clock, player, mesh, state, showError,
    ui: {
      file: $('file'), fileProgress: $('file-progress'), play: $('play'), pause: $('pause'), seek: $('seek'),
      listenerCount: $('listener-count'),
    },
  });
  window.syncRoom.host = host;
  window.syncRoom.streamer = host.streamer;
}

$('create-room').addEventListener('click', () => {
  player.resume();
  signaling.send({ type: 'create-room' });
});

$('copy-invite').addEventListener('click', () => navigator.clipboard?.writeText($('invite-url').value));

player.addEventListener('first-chunk', () => mark('firstScheduled'));
mesh.addEventListener('channel-open', () => mark('channelOpen'));
mesh.addEventListener('peer-error', ({ detail: { peerId, error } }) => console.warn(`peer ${peerId}: ${error.message}`));

// ---- audio unlock, measurement, status -----------------------------------------------------

$('start-audio').addEventListener('click', () => player.resume());

if (params.has('measure')) attachTap(player).catch((e) => showError(`measurement tap failed: ${e.message}`));

setInterval(() => {
  $('start-audio').hidden = player.context.state === 'running';
  if (clock.synced) {
    $('sync-info').textContent = `in sync with the server clock (round trip ${clock.lastRtt.toFixed(1)} ms, `
      + `drift ${clock.estimator.driftPpm.toFixed(0)} ppm), ${player.bufferedAheadSec().toFixed(1)} s buffered`;
  }
  if (state.track) {
    const pos = Math.min(positionNow(), state.track.durationSec);
    $('position').textContent = `${formatTime(pos)} / ${formatTime(state.track.durationSec)}`
      + (state.playback?.playing ? '' : ' (paused)');
    if (state.role === 'host' && document.activeElement !== $('seek')) $('seek').value = String(pos);
  }
}, 250);

signaling.connect();
