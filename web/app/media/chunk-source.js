// What the streamer reads chunks from. The host's source is its codec's encoder (codecs/: it
// encodes from the track's audio source as the streamer asks), wrapped in signed envelopes
// (relay/signed-source.js); a relay's is its chunk cache (relay/chunk-cache.js).

/**
 * `chunk(index)` is null while that chunk is not available yet (not encoded, not signed, not
 * received); `prepare(from, to)`, where present, is told which chunks will be asked for next.
 * @typedef {{trackSeq: number, total: number, chunk: (index: number) => ArrayBuffer | null,
 *   forgetBefore: (index: number) => void, prepare?: (from: number, to: number) => void}} ChunkSource
 */

export {};
