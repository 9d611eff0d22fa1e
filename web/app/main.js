// Wires the page: host mode when opened plainly, listener mode when opened from an invite
// URL (?invite=…). Add ?measure to attach the click tap used by the alignment tests.

import { decodeChunk } from './chunks.js';
import { ServerClock } from './clock.js';
import { Mesh } from './mesh.js';
import { isNewer, positionAt } from './playback.js';
import { Player } from './player.js';
import { Signaling } from './signaling.js';
import { Streamer } from './streamer.js';
import { attachTap } from './tap.js';

const PLAY_LEAD_MS = 800; // commands take effect this far in the future, so everyone gets them in time
const CHUNK_SEC = 0.1;
const HOST_TOKEN_KEY = 'syncroom.hostToken';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const invite = params.get('invite');

const signaling = new Signaling(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
const clock = new ServerClock(() => signaling.probe());
const player = new Player(clock);
const state = {
  role: null, peerId: null, hostPeerId: null, connections: 0, track: null, playback: null, pendingAudio: null,
  listeners: new Set(),
};
const mesh = new Mesh(signaling, { acceptOffer: (peerId) => peerId === state.hostPeerId });
let streamer = null;

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
  return player.positionAt(clock.serverNow()) ?? 0;
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
  if (track) onTrack(track);
  if (playback) onPlayback(playback);
  if (role === 'host') {
    ensureStreamer();
    for (const id of listeners) connectListener(id);
  }
});

signaling.on('peer-joined', ({ peerId, role }) => {
  if (role === 'host') state.hostPeerId = peerId;
  if (state.role === 'host' && role === 'listener') connectListener(peerId);
});

// A listener who left closes its data channel, or its connection fails; one whose server
// socket merely dropped keeps receiving until it rejoins under a new id.
signaling.on('peer-left', ({ peerId, role }) => {
  if (role === 'listener') state.listeners.delete(peerId);
  $('listener-count').textContent = String(state.listeners.size);
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
  if (state.role === 'host' && state.pendingAudio) {
    streamer.setSource(state.pendingAudio, track);
    state.pendingAudio = null;
    for (const button of ['play', 'pause', 'seek']) $(button).disabled = false;
  }
}

function onPlayback(playback) {
  const before = state.playback;
  if (!isNewer(before, playback)) return;
  state.playback = playback;
  player.setPlayback(playback);
  if (!streamer) return;
  const continuous = before && before.trackSeq === playback.trackSeq
    && Math.abs(positionAt(before, playback.at) - playback.position) < 0.2;
  if (!continuous) streamer.restart();
  streamer.pulseAll();
}

// ---- listener side -------------------------------------------------------------------------

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

function connectListener(peerId) {
  state.listeners.add(peerId);
  mesh.call(peerId).catch((e) => showError(`could not reach listener: ${e.message}`));
  $('listener-count').textContent = String(state.listeners.size);
}

player.addEventListener('first-chunk', () => mark('firstScheduled'));

mesh.addEventListener('channel-open', ({ detail: { peerId, channel } }) => {
  mark('channelOpen');
  if (state.role === 'host') streamer.addSink(peerId, channel);
});
mesh.addEventListener('peer-error', ({ detail: { peerId, error } }) => console.warn(`peer ${peerId}: ${error.message}`));

mesh.addEventListener('channel-close', ({ detail: { peerId } }) => {
  streamer?.removeSink(peerId);
  $('listener-count').textContent = String(state.listeners.size);
});

function ensureStreamer() {
  if (streamer) return;
  streamer = new Streamer(positionNow, () => (state.track && state.playback
    ? { type: 'pulse', serverTime: clock.serverNow(), track: state.track, playback: state.playback }
    : null));
  window.syncRoom.streamer = streamer;
  // The host hears its own stream through the same decode-and-schedule path as everyone.
  streamer.addSink('self', { bufferedAmount: 0, send: (bytes) => player.addChunk(decodeChunk(bytes)) },
    { pulses: false });
}

$('create-room').addEventListener('click', () => {
  player.resume();
  signaling.send({ type: 'create-room' });
});

$('copy-invite').addEventListener('click', () => navigator.clipboard?.writeText($('invite-url').value));

$('file').addEventListener('change', async () => {
  const file = $('file').files[0];
  if (!file) return;
  const progress = $('file-progress');
  try {
    progress.textContent = `Reading ${file.name} (${(file.size / 1e6).toFixed(1)} MB)…`;
    const bytes = await file.arrayBuffer();
    progress.textContent = `Decoding ${file.name}…`;
    const audio = await player.context.decodeAudioData(bytes);
    state.pendingAudio = audio;
    signaling.send({
      type: 'announce-track',
      title: file.name,
      durationSec: audio.duration,
      sampleRate: audio.sampleRate,
      channels: audio.numberOfChannels,
      chunkFrames: Math.round(audio.sampleRate * CHUNK_SEC),
    });
    progress.textContent = `${file.name}: ${formatTime(audio.duration)}, ${audio.numberOfChannels} ch, ${audio.sampleRate} Hz`;
  } catch (e) {
    progress.textContent = '';
    showError(`Cannot play ${file.name}: this browser could not decode it (${e.message || e}).`);
  }
});

$('play').addEventListener('click', () => {
  player.resume();
  const at = clock.serverNow() + PLAY_LEAD_MS;
  const p = state.playback;
  let position = p ? positionAt(p, at) : 0;
  if (!state.track || position >= state.track.durationSec) position = 0;
  signaling.send({ type: 'play', position, at });
});

$('pause').addEventListener('click', () => {
  const at = clock.serverNow() + PLAY_LEAD_MS / 4;
  signaling.send({ type: 'pause', position: Math.min(positionAt(state.playback, at), state.track.durationSec), at });
});

$('seek').addEventListener('change', () => {
  signaling.send({ type: 'seek', position: Number($('seek').value), at: clock.serverNow() + PLAY_LEAD_MS });
});

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
