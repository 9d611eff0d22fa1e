// The host role: opens a file as an audio source (read in pieces), chooses the codec, announces
// the track, encodes and signs chunks only as far ahead as the streamer asks, streams them to the
// peers the server says it feeds (the top of the relay tree) and to this page's own player,
// and turns the person's play / pause / seek into "position p at server time T" commands.
// No DOM: the host panel view calls these methods and listens to the events.

import { ChunkIntake } from '../codecs/chunk-intake.js';
import { codecFor } from '../codecs/codecs.js';
import { chooseHostCodec } from '../codecs/negotiate.js';
import { decodedSource } from '../media/audio-source.js';
import { displayTitle, readTags } from '../media/tags.js';
import { openWav } from '../media/wav-source.js';
import { Streamer } from '../media/streamer.js';
import { build } from '../protocol.js';
import { openEnvelope } from '../relay/envelope.js';
import { feedDownstream } from '../relay/relay.js';
import { SignedChunkSource } from '../relay/signed-source.js';
import { chunkBytes } from '../relay/signatures.js';
import { isContinuous, positionAt } from '../room/playback.js';
import { CommandLead } from '../room/command-lead.js';
import { RosterEvent } from '../room/roster.js';
import { SessionEvent } from '../room/session.js';

/** A pause needs no audio to arrive, only the command: it takes effect this far ahead. */
const PAUSE_LEAD_MS = 200;
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

/**
 * Decodes a whole file at `sampleRate` (decodeAudioData resamples to its context's rate).
 * @param {ArrayBuffer} bytes @param {number} sampleRate
 */
function decodeWhole(bytes, sampleRate) {
  return new OfflineAudioContext(1, 1, sampleRate).decodeAudioData(bytes);
}

export class HostRole extends EventTarget {
  /**
   * @param {{session: import('../room/session.js').RoomSession,
   *   links: import('../links/peer-links.js').PeerLinks,
   *   player: import('../player/player.js').Player,
   *   problems: import('../problems.js').Problems,
   *   signer: import('../relay/signatures.js').HostSigner,
   *   decodeAudio?: (bytes: ArrayBuffer, sampleRate: number) => Promise<AudioBuffer>,
   *   tagsOf?: (file: Blob) => Promise<import('../protocol.js').TrackTags>, pumpMs?: number,
   *   chunkSec?: number, codec?: string | null, bitrate?: number}} deps
   * `decodeAudio(bytes, sampleRate)` decodes a whole file at that rate (files that are not WAV);
   * `codec` is the codec asked for (?codec=), else the preferred one where the browser has it;
   * `bitrate` the Opus bit rate (?bitrate=).
   */
  constructor({ session, links, player, problems, signer, decodeAudio = decodeWhole,
    tagsOf = (file) => readTags(file, problems), pumpMs, chunkSec = DEFAULT_CHUNK_SEC, codec = null, bitrate }) {
    super();
    this.requestedCodec = codec;
    this.bitrate = bitrate;
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
    /** @type {{source: import('../media/audio-source.js').AudioSource, codec: import('../codecs/codecs.js').Codec} | null}
     * opened, announced, waiting for the server's track info */
    this.pending = null;
    /** @type {import('../codecs/codecs.js').ChunkEncoder | null} */
    this.encoder = null;
    /** @type {ChunkIntake | null} this page's own decoding of what it streams */
    this.intake = null;
    /** how far ahead plays and seeks are stamped, learnt from the room's restarts (each roster says) */
    this.commandLead = new CommandLead();
    session.roster.addEventListener(RosterEvent.CHANGED, () => this.commandLead.observe(session.roster.restart));
    /** @type {ArrayBuffer | null} the signed pulse of the newest playback state */
    this.pulse = null;
    this.streamer = new Streamer({ positionNow: () => session.positionNow() ?? 0, pulse: () => this.pulse, problems, pumpMs });
    // The host hears its own stream through the same decode-and-schedule path as everyone.
    this.streamer.addSink('self', {
      bufferedAmount: 0,
      send: (envelope) => {
        if (typeof envelope === 'string') return;
        this.intake?.take(chunkBytes(openEnvelope(envelope).payload));
      },
    }, { pulses: false });

    this.children = feedDownstream(links, this.streamer, undefined, { checkMs: pumpMs === 0 ? 0 : undefined });
    links.keepSpareOffer();
    session.addEventListener(SessionEvent.FEED, (e) => {
      const { peerId, spareId } = /** @type {CustomEvent} */ (e).detail;
      links.openDownstream(peerId, spareId);
    });
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
    this.encoder?.close();
    this.intake?.close();
  }

  /** @param {import('../protocol.js').TrackInfo} track */
  onTrack(track) {
    this.resealPulse();
    if (!this.pending) return;
    const { source } = this.pending;
    const codec = codecFor(track.codec);
    this.pending = null;
    this.encoder?.close();
    this.intake?.close();
    this.encoder = codec.createEncoder({
      track, source, bitrate: this.bitrate,
      onReady: () => this.streamer.pump(),
      onError: (e) => this.problems.report('chunk-encoding-failed', e),
    });
    this.intake = new ChunkIntake({ track, codec, player: this.player, problems: this.problems });
    this.streamer.setSource(new SignedChunkSource(this.encoder, this.signer, {
      onReady: () => this.streamer.pump(),
      onError: (e) => this.problems.report('chunk-signing-failed', e),
    }), track);
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
   * Opens `file` as an audio source (a WAV in pieces; any other file decoded whole), chooses the
   * codec and announces the track; streaming starts when the server confirms it.
   * @param {File} file
   * @returns {Promise<boolean>} false when the file cannot be played (the PROBLEM event says why)
   */
  async load(file) {
    try {
      this.emit(HostEvent.PROGRESS, { text: `Reading ${file.name} (${(file.size / 1e6).toFixed(1)} MB)…` });
      const [{ source, codec, fallbackReason }, tags] = await Promise.all([this.open(file), this.tagsOf(file)]);
      if (fallbackReason) this.problems.report('codec-fallback', new Error(fallbackReason));
      this.pending = { source, codec };
      this.session.announceTrack({
        title: displayTitle(tags, file.name),
        tags,
        globe: this.globe,
        durationSec: source.frames / source.sampleRate,
        sampleRate: source.sampleRate,
        channels: source.channels,
        chunkFrames: Math.round(source.sampleRate * this.chunkSec),
        codec: codec.name,
      });
      this.emit(HostEvent.PROGRESS, {
        text: `${file.name}: ${(source.frames / source.sampleRate).toFixed(1)} s, ${source.channels} ch,`
          + ` ${source.sampleRate} Hz, streamed as ${codec.name}`
          + `${source.progressive ? ', read in pieces' : ', decoded whole'}${fallbackReason ? ` (${fallbackReason})` : ''}`,
      });
      return true;
    } catch (e) {
      this.problems.report('file-not-decodable', e);
      this.emit(HostEvent.PROGRESS, { text: '' });
      this.emit(HostEvent.PROBLEM, {
        message: `Cannot play ${file.name}: this browser could not decode it (${e?.message || e}).`,
      });
      return false;
    }
  }

  /**
   * The audio source of `file` and the codec it is streamed in. A WAV at the codec's rate is
   * read in pieces; anything else is decoded whole at the codec's rate (see media/audio-source.js).
   * @param {File} file
   */
  async open(file) {
    const wav = typeof file.slice === 'function' ? await openWav(file) : null;
    const chosen = await chooseHostCodec({ requested: this.requestedCodec, channels: wav?.channels ?? 2, bitrate: this.bitrate });
    if (wav && chosen.codec.sampleRateFor(wav.sampleRate) === wav.sampleRate) return { source: wav, ...chosen };
    this.emit(HostEvent.PROGRESS, { text: `Decoding ${file.name}…` });
    const rate = chosen.codec.sampleRateFor(this.player.context?.sampleRate ?? 48_000);
    const source = decodedSource(await this.decodeAudio(await file.arrayBuffer(), rate));
    if (source.channels === (wav?.channels ?? 2)) return { source, ...chosen };
    // More channels than the chosen codec takes: the fallback plays any (at any rate).
    return { source, ...(await chooseHostCodec({ requested: this.requestedCodec, channels: source.channels, bitrate: this.bitrate })) };
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
    const at = this.stampRestart();
    let position = playback ? positionAt(playback, at) : 0;
    if (!track || position >= track.durationSec) position = 0;
    this.sent(this.session.play(position, at));
  }

  pause() {
    if (!this.clockReady()) return;
    const { track, playback } = this.session;
    if (!track || !playback) return;
    const at = this.session.clock.serverNow() + PAUSE_LEAD_MS;
    this.sent(this.session.pause(Math.min(positionAt(playback, at), track.durationSec), at));
  }

  /** @param {number} positionSec */
  seek(positionSec) {
    if (!this.clockReady()) return;
    this.sent(this.session.seek(positionSec, this.stampRestart()));
  }

  /**
   * The `at` of a play or a seek: as far ahead as the room's paths need for the audio at the new
   * position to reach everyone in time, as its last restarts showed (room/command-lead.js).
   */
  stampRestart() {
    return this.commandLead.stamp(this.session.clock.serverNow());
  }

  sent(ok) {
    if (!ok) this.emit(HostEvent.PROBLEM, { message: 'Not connected to the server; try again in a moment.' });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
