// What a relay keeps of the stream: the verified chunk envelopes of the current track for
// the last few seconds (so a child attaching mid-track starts at once) and the newest pulse.
// It is a chunk source for the relay's own streamer: children are filled from it exactly as
// the host fills its children from the encoded track.

/**
 * Envelopes kept per track: at 250 ms chunks 30 s, far more than the 4 s ahead a child is filled
 * with (the bound counts chunks, not seconds).
 */
export const MAX_CACHED_CHUNKS = 120;

export class ChunkCache {
  constructor(maxChunks = MAX_CACHED_CHUNKS) {
    this.maxChunks = maxChunks;
    this.trackSeq = -1;
    /** @type {Map<number, ArrayBuffer>} envelope by chunk index */
    this.envelopes = new Map();
    /** @type {ArrayBuffer | null} */
    this.pulse = null;
    this.pulseVersion = -1;
    this.total = Infinity;
  }

  /**
   * Keeps the envelope of chunk `index` of track `trackSeq`; a newer track clears the old one.
   * @param {number} trackSeq @param {number} index @param {ArrayBuffer} envelope
   */
  putChunk(trackSeq, index, envelope) {
    if (trackSeq < this.trackSeq) return;
    if (trackSeq > this.trackSeq) {
      this.trackSeq = trackSeq;
      this.envelopes.clear();
    }
    this.envelopes.set(index, envelope);
    if (this.envelopes.size > this.maxChunks) this.forgetBefore(Math.min(...this.envelopes.keys()) + 1);
  }

  /** Keeps a pulse envelope if its playback version is the newest seen. */
  putPulse(version, envelope) {
    if (version <= this.pulseVersion) return false;
    this.pulseVersion = version;
    this.pulse = envelope;
    return true;
  }

  /** @param {number} index @returns {ArrayBuffer | null} */
  chunk(index) {
    return this.envelopes.get(index) ?? null;
  }

  /** @param {number} index */
  forgetBefore(index) {
    for (const key of this.envelopes.keys()) if (key < index) this.envelopes.delete(key);
  }
}
