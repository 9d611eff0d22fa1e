// The host's chunk source for the tree: the encoded track's chunks, each sealed in a signed
// envelope ahead of the play position (signing is asynchronous; a chunk not signed yet is
// simply not available, and the streamer is woken when it is).

/**
 * @typedef {import('../media/chunk-source.js').ChunkSource} ChunkSource
 */

/** @implements {ChunkSource} */
export class SignedChunkSource {
  /**
   * @param {ChunkSource} source the encoded track
   * @param {import('./signatures.js').HostSigner} signer
   * @param {{onReady: () => void, onError: (e: unknown) => void}} hooks
   */
  constructor(source, signer, { onReady, onError }) {
    this.source = source;
    this.signer = signer;
    this.onReady = onReady;
    this.onError = onError;
    this.trackSeq = source.trackSeq;
    this.total = source.total;
    /** @type {Map<number, ArrayBuffer>} */
    this.sealed = new Map();
    /** @type {Set<number>} */
    this.signing = new Set();
  }

  /** @param {number} index */
  chunk(index) {
    const envelope = this.sealed.get(index);
    if (envelope) return envelope;
    this.sign(index, index);
    return null;
  }

  /** Signs every chunk of [from, to] not signed or being signed (asking the encoder for them first). */
  prepare(from, to) {
    this.source.prepare?.(from, to);
    this.sign(from, to);
  }

  /** Signs every chunk of [from, to] the encoder has ready and that is not signed or being signed. */
  sign(from, to) {
    for (let index = Math.max(0, from); index <= Math.min(to, this.total - 1); index++) {
      if (this.sealed.has(index) || this.signing.has(index)) continue;
      const bytes = this.source.chunk(index);
      if (!bytes) continue;
      this.signing.add(index);
      this.signer.sealChunk(bytes).then((envelope) => {
        this.signing.delete(index);
        this.sealed.set(index, envelope);
        this.onReady();
      }, (e) => {
        this.signing.delete(index);
        this.onError(e);
      });
    }
  }

  /** @param {number} index */
  forgetBefore(index) {
    this.source.forgetBefore(index);
    for (const key of this.sealed.keys()) if (key < index) this.sealed.delete(key);
  }
}
