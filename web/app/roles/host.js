// The host role: loads a file, announces it, signs every chunk and pulse, streams them to the
// peers the server says it feeds (the top of the relay tree) and to this page's own player,
// and turns the person's play / pause / seek into "position p at server time T" commands.
// No DOM: the host panel view calls these methods and listens to the events.

import { codecFor, DEFAULT_CODEC } from '../codecs/codecs.js';
import { EncodedTrack } from '../media/chunk-source.js';
import { displayTitle, readTags } from '../media/tags.js';
import { Streamer } from '../media/streamer.js';
import { build } from '../protocol.js';
import { openEnvelope } from '../relay/envelope.js';
import { feedDownstream } from '../relay/relay.js';
import { SignedChunkSource } from '../relay/signed-source.js';
import { chunkBytes } from '../relay/signatures.js';
import { isContinuous, positionAt } from '../room/playback.js';
import { SessionEvent } from '../room/session.js';

const PLAY_LEAD_MS = 800; // commands take effect this far ahead, so every listener has them in time
/** The chunk length a host announces unless told otherwise (seconds). */
export const DEFAULT_CHUNK_SEC = 0.25;

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
   *   signer: import('../relay/signatures.js').HostSigner,
   *   decodeAudio?: (bytes: ArrayBuffer) => Promise<AudioBuffer>,
   *   tagsOf?: (file: Blob) => Promise<import('../protocol.js').TrackTags>, pumpMs?: number,
   *   chunkSec?: number}} deps
   */
  constructor({ session, links, player, problems, signer, decodeAudio = (bytes) => player.context.decodeAudioData(bytes),
    tagsOf = (file) => readTags(file, problems), pumpMs, chunkSec = DEFAULT_CHUNK_SEC }) {
    super();
    /** the length of the chunks this host cuts its tracks into (seconds) */
    this.chunkSec = chunkSec;
    this.tagsOf = tagsOf;
    /** the host's "show this room on the public globe", sent with every track it announces */
    this.globe = false;
    this.session = session;
    this.links = links;
    this.player = player;
    this.problems = problems;
    this.signer = signer;
    this.decodeAudio = decodeAudio;
    this.codec = DEFAULT_CODEC;
    /** @type {AudioBuffer | null} decoded, announced, waiting for the server's track info */
    this.pendingAudio = null;
    /** @type {ArrayBuffer | null} the signed pulse of the newest playback state */
    this.pulse = null;
    this.streamer = new Streamer({ positionNow: () => session.positionNow() ?? 0, pulse: () => this.pulse, problems, pumpMs });
    // The host hears its own stream through the same decode-and-schedule path as everyone.
    this.streamer.addSink('self', {
      bufferedAmount: 0,
      send: (envelope) => {
        if (typeof envelope === 'string') return;
        player.addChunk(this.codec.decodeChunk(chunkBytes(openEnvelope(envelope).payload)));
      },
    }, { pulses: false });

    this.children = feedDownstream(links, this.streamer, undefined, { checkMs: pumpMs === 0 ? 0 : undefined });
    session.addEventListener(SessionEvent.FEED, (e) => links.openDownstream(/** @type {CustomEvent} */ (e).detail.peerId));
    session.addEventListener(SessionEvent.UNFEED, (e) => links.close(/** @type {CustomEvent} */ (e).detail.peerId));
    session.addEventListener(SessionEvent.TRACK, (e) => this.onTrack(/** @type {CustomEvent} */ (e).detail.track));
    session.addEventListener(SessionEvent.PLAYBACK, (e) => {
      const { previous, playback } = /** @type {CustomEvent} */ (e).detail;
      this.onPlayback(previous, playback);
    });
    for (const peerId of session.feeds) links.openDownstream(peerId);
    this.resealPulse();
  }

  stop() {
    this.streamer.stop();
    this.children.stop();
  }

  /** @param {import('../protocol.js').TrackInfo} track */
  onTrack(track) {
    this.resealPulse();
    if (!this.pendingAudio) return;
    this.codec = codecFor(track.codec);
    const encoded = new EncodedTrack(this.pendingAudio, track, this.codec);
    this.streamer.setSource(new SignedChunkSource(encoded, this.signer, {
      onReady: () => this.streamer.pump(),
      onError: (e) => this.problems.report('chunk-signing-failed', e),
    }), track);
    this.pendingAudio = null;
    this.emit(HostEvent.READY, {});
  }

  onPlayback(previous, playback) {
    if (!isContinuous(previous, playback)) this.streamer.restart();
    this.resealPulse();
  }

  /** Signs the pulse of the room's newest state and sends it to every peer at once. */
  resealPulse() {
    const { track, playback, clock } = this.session;
    if (!track || !playback) return;
    this.signer.sealPulse(build.pulse(clock.synced ? clock.serverNow() : 0, track, playback)).then((envelope) => {
      if (this.session.playback !== playback || this.session.track !== track) return; // a newer one is on its way
      this.pulse = envelope;
      this.streamer.pulseAll();
    }, (e) => this.problems.report('pulse-signing-failed', e));
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
      const [audio, tags] = await Promise.all([this.decodeAudio(bytes), this.tagsOf(file)]);
      this.pendingAudio = audio;
      this.session.announceTrack({
        title: displayTitle(tags, file.name),
        tags,
        globe: this.globe,
        durationSec: audio.duration,
        sampleRate: audio.sampleRate,
        channels: audio.numberOfChannels,
        chunkFrames: Math.round(audio.sampleRate * this.chunkSec),
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

  /**
   * The host's choice to show the room on the public globe: listeners' cities and the track's
   * title appear there. It goes with the next track announced.
   * @param {boolean} shown
   */
  setGlobe(shown) {
    this.globe = shown;
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
