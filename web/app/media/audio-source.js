// Where the host's audio comes from, read in pieces: a source gives any frame range of the track
// as sample planes, zero outside the track. The encoders (codecs/) read only what they encode
// next, so what is kept in memory is what the source itself holds:
//   - a WAV file (wav-source.js) is read from disk piece by piece: nothing of it is held;
//   - any other file is decoded whole by the browser (decodeAudioData), so its decoded PCM is
//     held for the track's life: 4 bytes x channels x sampleRate per second (384 kB/s at 48 kHz
//     stereo, 1.4 GB an hour). The browser gives no way to decode those containers in pieces
//     without a demuxer for each, so that is the bound, and the README says so.

/**
 * @typedef {{sampleRate: number, channels: number, frames: number, progressive: boolean,
 *   read: (start: number, count: number) => Promise<Float32Array<ArrayBuffer>[]>}} AudioSource
 */

/**
 * A source over a decoded AudioBuffer (held whole).
 * @param {{sampleRate: number, numberOfChannels: number, length: number,
 *   getChannelData: (c: number) => Float32Array}} audio
 * @returns {AudioSource}
 */
export function decodedSource(audio) {
  return {
    sampleRate: audio.sampleRate,
    channels: audio.numberOfChannels,
    frames: audio.length,
    progressive: false,
    read: async (start, count) => {
      const planes = [];
      for (let c = 0; c < audio.numberOfChannels; c++) planes.push(copyRange(audio.getChannelData(c), start, count));
      return planes;
    },
  };
}

/**
 * Frames [start, start + count) of `data`, zero where they fall outside it.
 * @param {Float32Array} data
 * @param {number} start
 * @param {number} count
 */
export function copyRange(data, start, count) {
  const out = new Float32Array(count);
  const from = Math.max(0, start);
  const to = Math.min(data.length, start + count);
  if (to > from) out.set(data.subarray(from, to), from - start);
  return out;
}
