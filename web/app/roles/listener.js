// The listener role: takes what arrives from the upstream peer link (binary audio chunks and
// text sync pulses), decodes chunks with the track's codec for the player and hands pulses to
// the room session, which applies them under the same rules as the server's messages. No DOM.

import { codecFor, UnknownCodec } from '../codecs/codecs.js';
import { PeerLinkEvent } from '../links/peer-links.js';
import { parsePulse } from '../protocol.js';
import { SessionEvent } from '../room/session.js';

export const ListenerEvent = Object.freeze({
  /** {index} the first audio chunk that arrived from upstream */
  FIRST_CHUNK: 'listener-first-chunk',
  /** {message} something the person must know (audio this page cannot play, ...) */
  PROBLEM: 'listener-problem',
});

export class ListenerRole extends EventTarget {
  /**
   * @param {{session: import('../room/session.js').RoomSession,
   *   links: import('../links/peer-links.js').PeerLinks,
   *   player: import('../player/player.js').Player,
   *   problems: import('../problems.js').Problems}} deps
   */
  constructor({ session, links, player, problems }) {
    super();
    this.session = session;
    this.player = player;
    this.problems = problems;
    /** @type {import('../codecs/codecs.js').Codec | null} */
    this.codec = null;
    this.chunksReceived = 0;
    links.addEventListener(PeerLinkEvent.UPSTREAM_MESSAGE, (e) => {
      const { peerId, data } = /** @type {CustomEvent} */ (e).detail;
      this.receive(peerId, data);
    });
    session.addEventListener(SessionEvent.TRACK, (e) => this.onTrack(/** @type {CustomEvent} */ (e).detail.track));
  }

  /** Takes up the track the room already has; call it once its events are listened to. */
  start() {
    if (this.session.track) this.onTrack(this.session.track);
  }

  /** @param {import('../protocol.js').TrackInfo} track */
  onTrack(track) {
    try {
      this.codec = codecFor(track.codec);
    } catch (e) {
      this.codec = null;
      this.problems.report('unknown-codec', e);
      if (e instanceof UnknownCodec) {
        this.emit(ListenerEvent.PROBLEM, { message: `No sound: ${e.message}. Try another browser, or ask the host.` });
      }
    }
  }

  /**
   * One data-channel message from `peerId`. Only the upstream peer is listened to.
   * @param {string} peerId
   * @param {string | ArrayBuffer} data
   */
  receive(peerId, data) {
    if (peerId !== this.session.upstreamPeerId) return;
    if (typeof data === 'string') {
      try {
        this.session.applyPulse(parsePulse(data));
      } catch (e) {
        this.problems.report('bad-pulse', e);
      }
      return;
    }
    if (this.chunksReceived++ === 0) this.emit(ListenerEvent.FIRST_CHUNK, {});
    if (!this.codec) return;
    try {
      this.player.addChunk(this.codec.decodeChunk(data));
    } catch (e) {
      this.problems.report('bad-chunk', e);
    }
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
