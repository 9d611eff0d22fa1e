// Where received chunks become audio for the player, on the host (its own stream) and on every
// listener. A chunk whose header does not fit the track (another codec, more frames than a
// chunk holds, larger than the codec's largest chunk) is dropped and counted. A chunk that fails
// to decode is counted, reported and replaced by silence of the length its header gives, at its
// own place on the timeline: a lost chunk is a gap of silence, never a shift of what follows.
// A chunk whose decode would end after it has played out is skipped (counted, never silenced:
// it is not heard either way), so a page that is handed seconds of audio at once, slowly
// decoded, reaches the position instead of decoding the past.

import { readChunkHeader } from './chunk-header.js';

/**
 * A chunk is decoded only if it ends at least one decode plus this much from now: the player
 * hands audio on up to a tick (25 ms) late and the output delays it further.
 */
export const LATE_MARGIN_MS = 50;

export class ChunkIntake {
  /**
   * @param {{track: import('../protocol.js').TrackInfo, codec: import('./codecs.js').Codec,
   *   player: {addChunk: (chunk: import('./codecs.js').DecodedChunk) => void,
   *     msUntilChunkEnds?: (index: number) => number | null},
   *   problems: import('../problems.js').Problems}} deps
   *   `player.msUntilChunkEnds`: how long until chunk `index` has played out (ms), null while
   *   nothing plays: then every chunk is decoded.
   */
  constructor({ track, codec, player, problems }) {
    this.track = track;
    this.codec = codec;
    this.player = player;
    this.problems = problems;
    this.decoder = codec.createDecoder(track);
    this.maxBytes = codec.maxChunkBytes(track);
    this.counts = { decoded: 0, silenced: 0, dropped: 0, skippedLate: 0 };
    /** @type {number | null} the first chunk replaced by silence (a cold start's pre-roll chunk, usually) */
    this.firstSilencedIndex = null;
  }

  /**
   * @param {ArrayBuffer} bytes a chunk of this intake's track
   * @returns {Promise<void>} settled once the chunk reached the player (or was dropped)
   */
  async take(bytes) {
    let header;
    try {
      header = readChunkHeader(bytes);
      const reason = this.misfit(header, bytes.byteLength);
      if (reason) throw new Error(reason);
    } catch (e) {
      this.counts.dropped++;
      this.problems.report('malformed-chunk', e);
      return;
    }
    let chunk;
    try {
      const index = header.index;
      chunk = await this.decoder.decode(bytes, { isLate: (runMs) => this.isLate(index, runMs) });
      if (chunk === null) {
        this.counts.skippedLate++;
        return;
      }
      this.counts.decoded++;
    } catch (e) {
      this.counts.silenced++;
      this.firstSilencedIndex ??= header.index;
      this.problems.report('chunk-decode-failed', e);
      chunk = silence(header, this.track.channels);
    }
    this.player.addChunk(chunk);
  }

  /** True if chunk `index`, decoded in `runMs`, would be ready only after it has played out. */
  isLate(index, runMs) {
    const left = this.player.msUntilChunkEnds?.(index) ?? null;
    return left !== null && left < runMs + LATE_MARGIN_MS;
  }

  /** Why a chunk with `header` cannot be of this track, or null. */
  misfit(header, byteLength) {
    const { track, codec } = this;
    if (header.codecId !== codec.id) return `chunk ${header.index}: codec id ${header.codecId}, the track is ${codec.name}`;
    if (header.channels !== track.channels) return `chunk ${header.index}: ${header.channels} channels, the track has ${track.channels}`;
    if (header.frames > track.chunkFrames) return `chunk ${header.index}: ${header.frames} frames, chunks hold ${track.chunkFrames}`;
    if (byteLength > this.maxBytes) return `chunk ${header.index}: ${byteLength} bytes, ${codec.name} chunks are at most ${this.maxBytes}`;
    return null;
  }

  get coldStarts() {
    return this.decoder.coldStarts ?? 0;
  }

  close() {
    this.decoder.close();
  }
}

/**
 * @param {{trackSeq: number, index: number, frames: number}} header
 * @param {number} channels
 * @returns {import('./codecs.js').DecodedChunk}
 */
export function silence({ trackSeq, index, frames }, channels) {
  return { trackSeq, index, channels, frames, planes: Array.from({ length: channels }, () => new Float32Array(frames)) };
}
