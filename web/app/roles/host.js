// The host role: loads a file, announces it, streams it to every downstream peer link and
// to this page's own player, and turns the person's play / pause / seek into "position p at
// server time T" commands. No DOM: the host panel view calls these methods and listens to
// the events.

import { codecFor, DEFAULT_CODEC } from '../codecs/codecs.js';
import { PeerLinkEvent } from '../links/peer-links.js';
import { EncodedTrack } from '../media/chunk-source.js';
import { Streamer } from '../media/streamer.js';
import { build } from '../protocol.js';
import { isContinuous, positionAt } from '../room/playback.js';
import { SessionEvent } from '../room/session.js';

const PLAY_LEAD_MS = 800; // commands take effect this far ahead, so every listener has them in time
const CHUNK_SEC = 0.1; // the chunk length this host announces

export const HostEvent = Object.freeze({
  /** {text} reading or decoding progress of the file being loaded ('' when done or failed) */
  PROGRESS: 'host-progress',
  /** {} a track is loaded and streaming: play, pause and seek can be used */
  READY: 'host-ready',
  /** {message} something the person must know (a file that cannot be decoded, ...) */
  PROBLEM: 'host-problem',
});

export class HostRole extends EventTarget {
  /**
   * @param {{session: import('../room/session.js').RoomSession,
   *   links: import('../links/peer-links.js').PeerLinks,
   *   player: import('../player/player.js').Player,
   *   problems: import('../problems.js').Problems,
   *   decodeAudio?: (bytes: ArrayBuffer) => Promise<AudioBuffer>}} deps
   */
  constructor({ session, links, player, problems, decodeAudio = (bytes) => player.context.decodeAudioData(bytes) }) {
    super();
    this.session = session;
    this.links = links;
    this.player = player;
    this.problems = problems;
    this.decodeAudio = decodeAudio;
    this.codec = DEFAULT_CODEC;
    /** @type {AudioBuffer | null} decoded, announced, waiting for the server's track info */
    this.pendingAudio = null;
    this.streamer = new Streamer({
      positionNow: () => session.positionNow() ?? 0,
      pulse: () => (session.track && session.playback && session.clock.synced
        ? JSON.stringify(build.pulse(session.clock.serverNow(), session.track, session.playback))
        : null),
      problems,
    });
    // The host hears its own stream through the same decode-and-schedule path as everyone.
    this.streamer.addSink('self', {
      bufferedAmount: 0,
      send: (bytes) => {
        if (typeof bytes !== 'string') player.addChunk(this.codec.decodeChunk(bytes));
      },
    }, { pulses: false });

    links.addEventListener(PeerLinkEvent.DOWNSTREAM_OPEN, (e) => {
      const { peerId, channel } = /** @type {CustomEvent} */ (e).detail;
      this.streamer.addSink(peerId, channel);
    });
    links.addEventListener(PeerLinkEvent.DOWNSTREAM_CLOSE, (e) => {
      this.streamer.removeSink(/** @type {CustomEvent} */ (e).detail.peerId);
    });
    session.addEventListener(SessionEvent.ENTERED, () => this.connectAll());
    session.addEventListener(SessionEvent.LISTENER_JOINED, (e) => this.connect(/** @type {CustomEvent} */ (e).detail.peerId));
    session.addEventListener(SessionEvent.TRACK, (e) => this.onTrack(/** @type {CustomEvent} */ (e).detail.track));
    session.addEventListener(SessionEvent.PLAYBACK, (e) => {
      const { previous, playback } = /** @type {CustomEvent} */ (e).detail;
      this.onPlayback(previous, playback);
    });
    this.connectAll();
  }

  /** (Re)opens a link to every listener the session knows, as after taking the host seat. */
  connectAll() {
    for (const peerId of this.session.listeners) this.connect(peerId);
  }

  /** @param {string} peerId */
  connect(peerId) {
    this.links.openDownstream(peerId);
  }

  /** @param {import('../protocol.js').TrackInfo} track */
  onTrack(track) {
    if (!this.pendingAudio) return;
    this.codec = codecFor(track.codec);
    this.streamer.setSource(new EncodedTrack(this.pendingAudio, track, this.codec), track);
    this.pendingAudio = null;
    this.emit(HostEvent.READY, {});
  }

  onPlayback(previous, playback) {
    if (!isContinuous(previous, playback)) this.streamer.restart();
    this.streamer.pulseAll();
  }

  /**
   * Reads and decodes `file`, then announces it; streaming starts when the server confirms
   * the track.
   * @param {File} file
   */
  async load(file) {
    try {
      this.emit(HostEvent.PROGRESS, { text: `Reading ${file.name} (${(file.size / 1e6).toFixed(1)} MB)…` });
      const bytes = await file.arrayBuffer();
      this.emit(HostEvent.PROGRESS, { text: `Decoding ${file.name}…` });
      const audio = await this.decodeAudio(bytes);
      this.pendingAudio = audio;
      this.session.announceTrack({
        title: file.name,
        durationSec: audio.duration,
        sampleRate: audio.sampleRate,
        channels: audio.numberOfChannels,
        chunkFrames: Math.round(audio.sampleRate * CHUNK_SEC),
        codec: this.codec.name,
      });
      this.emit(HostEvent.PROGRESS, {
        text: `${file.name}: ${audio.duration.toFixed(1)} s, ${audio.numberOfChannels} ch, ${audio.sampleRate} Hz`,
      });
    } catch (e) {
      this.problems.report('file-not-decodable', e);
      this.emit(HostEvent.PROGRESS, { text: '' });
      this.emit(HostEvent.PROBLEM, {
        message: `Cannot play ${file.name}: this browser could not decode it (${e?.message || e}).`,
      });
    }
  }

  /** Commands are stamped in server time, so they wait for the first clock sync. */
  clockReady() {
    if (this.session.clock.synced) return true;
    this.emit(HostEvent.PROBLEM, { message: 'Still syncing with the server clock; try again in a moment.' });
    return false;
  }

  play() {
    this.player.resume();
    if (!this.clockReady()) return;
    const { track, playback } = this.session;
    const at = this.session.clock.serverNow() + PLAY_LEAD_MS;
    let position = playback ? positionAt(playback, at) : 0;
    if (!track || position >= track.durationSec) position = 0;
    this.sent(this.session.play(position, at));
  }

  pause() {
    if (!this.clockReady()) return;
    const { track, playback } = this.session;
    if (!track || !playback) return;
    const at = this.session.clock.serverNow() + PLAY_LEAD_MS / 4;
    this.sent(this.session.pause(Math.min(positionAt(playback, at), track.durationSec), at));
  }

  /** @param {number} positionSec */
  seek(positionSec) {
    if (!this.clockReady()) return;
    this.sent(this.session.seek(positionSec, this.session.clock.serverNow() + PLAY_LEAD_MS));
  }

  sent(ok) {
    if (!ok) this.emit(HostEvent.PROBLEM, { message: 'Not connected to the server; try again in a moment.' });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
