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
   * is nothing to learn of the paths and nothing is measured.
   * @param {import('../protocol.js').TrackInfo} track @param {import('../protocol.js').PlaybackState} playback
   * @param {(index: number) => boolean} has
   */
  begin(track, playback, has) {
    const index = chunkIndexAt(track, Math.max(0, playback.position));
    const learns = playback.playing && playback.trackSeq === track.trackSeq && !has(index);
    this.restart = learns ? { at: playback.at, index, leadMs: null } : null;
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
