// Which codec a host streams in, and whether a listener can play a room's codec. Opus needs
// WebCodecs (AudioEncoder on the host, AudioDecoder everywhere) with Opus support, checked with
// isConfigSupported (W3C WebCodecs §5.5, §6.5); where it is missing the host streams pcm16 and
// says so, and a listener that cannot decode the room's codec says so instead of playing silence.

import { FALLBACK_CODEC, PREFERRED_CODEC, UnknownCodec, codecFor } from './codecs.js';

/**
 * @param {{requested?: string | null, channels: number, bitrate?: number}} want
 *   `requested`: the codec the page was asked for (?codec=), else the preferred one
 * @returns {Promise<{codec: import('./codecs.js').Codec, fallbackReason: string | null}>}
 */
export async function chooseHostCodec({ requested, channels, bitrate }) {
  const name = requested || PREFERRED_CODEC;
  const codec = codecFor(name);
  const works = await Promise.all([codec.canEncode({ channels, bitrate }), codec.canDecode({ channels })])
    .then(([encode, decode]) => encode && decode, () => false);
  if (works) return { codec, fallbackReason: null };
  const fallback = codecFor(FALLBACK_CODEC);
  return {
    codec: fallback,
    fallbackReason: `this browser cannot encode and decode ${name} (WebCodecs) for ${channels} channel(s)`
      + ` at ${bitrate ?? 'the default'} bit/s; streaming uncompressed ${fallback.name} instead, about ten times`
      + ' the data: listeners on jittery or lossy networks (Wi-Fi, mobile) may hear gaps (README, "Network conditions")',
  };
}

/**
 * Why this page cannot play `track`, or null when it can.
 * @param {import('../protocol.js').TrackInfo} track
 * @returns {Promise<string | null>}
 */
export async function whyUnplayable(track) {
  let codec;
  try {
    codec = codecFor(track.codec);
  } catch (e) {
    if (e instanceof UnknownCodec) return e.message;
    throw e;
  }
  const ok = await codec.canDecode({ channels: track.channels }).catch(() => false);
  return ok ? null : `this room streams ${codec.name} audio, and this browser cannot decode it (no WebCodecs ${codec.name} decoder)`;
}
