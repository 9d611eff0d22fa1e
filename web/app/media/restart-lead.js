// How much time the room's last restart (a play, a seek, a new track) left this listener: the
// server time the audio at the new position was due (`playback.at`) minus the server time the
// chunk holding it arrived (ms; negative: it came late). The listener tells the server once per
// restart (`restart-lead`); the server gives the host the least of them, and the host stamps its
// next commands far enough ahead for the slowest path (room/command-lead.js). No DOM.

import { chunkIndexAt } from './timeline.js';

export class RestartLead {
  constructor() {
    /** @type {{at: number, index: number, leadMs: number | null} | null} the restart being measured */
    this.restart = null;
  }

  /**
   * The room restarted: `playback` plays `track` from a new position. `has(index)`: whether that
   * chunk is here already (a play where the room paused, a seek within what is held): then there
   * is nothing to learn of the paths and nothing is measured. Returns the measurement if that
   * settles it now, else null.
   * @param {import('../protocol.js').TrackInfo} track @param {import('../protocol.js').PlaybackState} playback
   * @param {number} serverNowMs @param {(index: number) => boolean} has
   * @returns {null}
   */
  begin(track, playback, serverNowMs, has) {
    if (!playback.playing || playback.trackSeq !== track.trackSeq) {
      this.restart = null;
      return null;
    }
    const index = chunkIndexAt(track, Math.max(0, playback.position));
    this.restart = has(index) ? null : { at: playback.at, index, leadMs: null };
    return null;
  }

  /**
   * Chunk `index` of the current track arrived (the first copy) at server time `serverNowMs`.
   * Returns the measurement if this chunk settles it, once per restart; else null.
   * @returns {{at: number, leadMs: number} | null}
   */
  arrived(index, serverNowMs) {
    const r = this.restart;
    if (!r || r.leadMs !== null || index !== r.index) return null;
    r.leadMs = r.at - serverNowMs;
    return this.measured();
  }

  /** The last restart's measurement, {at, leadMs}, or null before it is measured. */
  measured() {
    const r = this.restart;
    return r && r.leadMs !== null ? { at: r.at, leadMs: r.leadMs } : null;
  }
}
