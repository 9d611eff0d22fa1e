// A WAV file read progressively: the RIFF header is parsed once, then every read takes only the
// bytes of the frames asked for (Blob.slice), so a long mix is never held in memory. Formats:
// integer PCM of 8, 16, 24 or 32 bits and 32-bit float, plain or WAVE_FORMAT_EXTENSIBLE
// (Microsoft's "Multiple channel audio data and WAVE files"). Anything else is not a WAV this
// reader takes (null), and the host decodes the file whole instead.

/** @typedef {import('./audio-source.js').AudioSource} AudioSource */

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;
/** The header is looked for in the file's first bytes (tags before `data` are small). */
const HEADER_SEARCH_BYTES = 1 << 20;

/**
 * @typedef {{format: number, channels: number, sampleRate: number, bitsPerSample: number,
 *   blockAlign: number, dataOffset: number, dataBytes: number}} WavLayout
 */

/**
 * Parses the RIFF/WAVE header in `bytes` (the start of the file); null when it is not a WAV
 * of a format this reader takes.
 * @param {ArrayBuffer} bytes
 * @param {number} fileSize
 * @returns {WavLayout | null}
 */
export function parseWavHeader(bytes, fileSize) {
  if (bytes.byteLength < 12) return null;
  const view = new DataView(bytes);
  const tag = (at) => String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return null;
  let fmt = null;
  for (let at = 12; at + 8 <= bytes.byteLength;) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ' && body + 16 <= bytes.byteLength) {
      let format = view.getUint16(body, true);
      if (format === FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.byteLength) format = view.getUint16(body + 24, true);
      fmt = {
        format, channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true), bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt || !readable(fmt)) return null;
      // A streamed WAV may say 0 or 0xffffffff: the data then runs to the end of the file.
      const dataBytes = Math.min(size === 0 || size === 0xffffffff ? Infinity : size, fileSize - body);
      return { ...fmt, dataOffset: body, dataBytes: dataBytes - (dataBytes % fmt.blockAlign) };
    }
    at = body + size + (size % 2);
  }
  return null;
}

function readable({ format, channels, sampleRate, bitsPerSample, blockAlign }) {
  const intBits = format === FORMAT_PCM && [8, 16, 24, 32].includes(bitsPerSample);
  const floatBits = format === FORMAT_FLOAT && bitsPerSample === 32;
  return (intBits || floatBits) && channels >= 1 && channels <= 32 && sampleRate >= 3000 && sampleRate <= 768_000
    && blockAlign === channels * (bitsPerSample / 8);
}

/**
 * Converts interleaved WAV frames to sample planes.
 * @param {ArrayBuffer} bytes whole frames
 * @param {WavLayout} layout
 * @returns {Float32Array<ArrayBuffer>[]}
 */
export function wavPlanes(bytes, layout) {
  const { channels, blockAlign, bitsPerSample, format } = layout;
  const frames = Math.floor(bytes.byteLength / blockAlign);
  const view = new DataView(bytes);
  const planes = Array.from({ length: channels }, () => new Float32Array(frames));
  const width = bitsPerSample / 8;
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels; c++) {
      const at = f * blockAlign + c * width;
      let v;
      if (format === FORMAT_FLOAT) v = view.getFloat32(at, true);
      else if (width === 1) v = (view.getUint8(at) - 128) / 128;
      else if (width === 2) v = view.getInt16(at, true) / 0x8000;
      else if (width === 3) v = (((view.getInt8(at + 2) << 16) | (view.getUint8(at + 1) << 8) | view.getUint8(at)) / 0x800000);
      else v = view.getInt32(at, true) / 0x80000000;
      planes[c][f] = v;
    }
  }
  return planes;
}

/**
 * Opens `file` as a progressive source, or returns null when it is not a WAV this reader takes.
 * @param {Blob} file
 * @returns {Promise<AudioSource | null>}
 */
export async function openWav(file) {
  const layout = parseWavHeader(await file.slice(0, HEADER_SEARCH_BYTES).arrayBuffer(), file.size);
  if (!layout) return null;
  const frames = layout.dataBytes / layout.blockAlign;
  return {
    sampleRate: layout.sampleRate,
    channels: layout.channels,
    frames,
    progressive: true,
    read: async (start, count) => {
      const from = Math.max(0, Math.min(frames, start));
      const to = Math.max(from, Math.min(frames, start + count));
      const offset = layout.dataOffset + from * layout.blockAlign;
      const inside = wavPlanes(await file.slice(offset, offset + (to - from) * layout.blockAlign).arrayBuffer(), layout);
      if (from === start && to - from === count) return inside;
      return inside.map((plane) => {
        const out = new Float32Array(count);
        out.set(plane, from - start);
        return out;
      });
    },
  };
}
