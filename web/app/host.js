// Host controls: load a file, announce it, stream it to every listener's data channel, and
// send play / pause / seek as "position p at server time T" commands.

import { decodeChunk } from './chunks.js';
import { positionAt } from './playback.js';
import { Streamer } from './streamer.js';

const PLAY_LEAD_MS = 800; // commands take effect this far ahead, so every listener has them in time
const CHUNK_SEC = 0.1;

export class Host {
  /** `ui` holds the host panel's elements; `showError(text)` reports a problem to the person. */
  constructor({ signaling, clock, player, mesh, state, ui, showError }) {
    Object.assign(this, { signaling, clock, player, mesh, state, ui, showError });
    this.pendingAudio = null;
    this.listeners = new Set();
    this.streamer = new Streamer(
      () => player.positionNow() ?? 0,
      () => (state.track && state.playback
        ? { type: 'pulse', serverTime: clock.serverNow(), track: state.track, playback: state.playback }
        : null),
    );
    // The host hears its own stream through the same decode-and-schedule path as everyone.
    this.streamer.addSink('self', { bufferedAmount: 0, send: (bytes) => player.addChunk(decodeChunk(bytes)) },
      { pulses: false });
    mesh.addEventListener('channel-open', ({ detail: { peerId, channel } }) => this.streamer.addSink(peerId, channel));
    mesh.addEventListener('channel-close', ({ detail: { peerId } }) => this.streamer.removeSink(peerId));
    ui.file.addEventListener('change', () => this.load(ui.file.files[0]));
    ui.play.addEventListener('click', () => this.play());
    ui.pause.addEventListener('click', () => this.pause());
    ui.seek.addEventListener('change', () => this.seek(Number(ui.seek.value)));
    // A file picked before this page held the host seat is not lost.
    if (ui.file.files.length > 0) this.load(ui.file.files[0]);
  }

  connectListener(peerId) {
    this.listeners.add(peerId);
    this.mesh.call(peerId).catch((e) => this.showError(`could not reach listener: ${e.message}`));
    this.showCount();
  }

  /** A listener who left closes its channel, or its connection fails; nothing to cut here. */
  listenerLeft(peerId) {
    this.listeners.delete(peerId);
    this.showCount();
  }

  showCount() {
    this.ui.listenerCount.textContent = String(this.listeners.size);
  }

  onTrack(track) {
    if (!this.pendingAudio) return;
    this.streamer.setSource(this.pendingAudio, track);
    this.pendingAudio = null;
    for (const control of [this.ui.play, this.ui.pause, this.ui.seek]) control.disabled = false;
  }

  onPlayback(before, playback) {
    const continuous = before && before.trackSeq === playback.trackSeq
      && Math.abs(positionAt(before, playback.at) - playback.position) < 0.2;
    if (!continuous) this.streamer.restart();
    this.streamer.pulseAll();
  }

  async load(file) {
    if (!file) return;
    const progress = this.ui.fileProgress;
    try {
      progress.textContent = `Reading ${file.name} (${(file.size / 1e6).toFixed(1)} MB)…`;
      const bytes = await file.arrayBuffer();
      progress.textContent = `Decoding ${file.name}…`;
      const audio = await this.player.context.decodeAudioData(bytes);
      this.pendingAudio = audio;
      this.signaling.send({
        type: 'announce-track',
        title: file.name,
        durationSec: audio.duration,
        sampleRate: audio.sampleRate,
        channels: audio.numberOfChannels,
        chunkFrames: Math.round(audio.sampleRate * CHUNK_SEC),
      });
      progress.textContent = `${file.name}: ${audio.duration.toFixed(1)} s, ${audio.numberOfChannels} ch, `
        + `${audio.sampleRate} Hz`;
    } catch (e) {
      progress.textContent = '';
      this.showError(`Cannot play ${file.name}: this browser could not decode it (${e.message || e}).`);
    }
  }

  /** Commands are stamped in server time, so they wait for the first clock sync. */
  clockReady() {
    if (this.clock.synced) return true;
    this.showError('Still syncing with the server clock; try again in a moment.');
    return false;
  }

  play() {
    this.player.resume();
    if (!this.clockReady()) return;
    const { track, playback } = this.state;
    const at = this.clock.serverNow() + PLAY_LEAD_MS;
    let position = playback ? positionAt(playback, at) : 0;
    if (!track || position >= track.durationSec) position = 0;
    this.signaling.send({ type: 'play', position, at });
  }

  pause() {
    if (!this.clockReady()) return;
    const { track, playback } = this.state;
    const at = this.clock.serverNow() + PLAY_LEAD_MS / 4;
    this.signaling.send({ type: 'pause', position: Math.min(positionAt(playback, at), track.durationSec), at });
  }

  seek(position) {
    if (!this.clockReady()) return;
    this.signaling.send({ type: 'seek', position, at: this.clock.serverNow() + PLAY_LEAD_MS });
  }
}
