// Run in a page of the app's origin by CodecRendersClicksWhereThePcmPathDoesIT: encodes the click
// track (ClickTrack.java's, made here at 48 kHz stereo) with the project's codec modules, decodes
// it as a listener would from a join and after a seek (chunks in order from the one before the
// position, as the streamer sends them), and reports where each click lands on the track's
// sample timeline. Returns {scenario: {clicks: [{frame, level}], coldStarts, chunks}} per codec.
async ({ codecName, trackSec, joinChunk, seekChunk, spanChunks }) => {
  const { codecFor } = await import('/codecs/codecs.js');
  const { decodedSource } = await import('/media/audio-source.js');
  const codec = codecFor(codecName);
  const rate = 48000;
  const frames = Math.round(trackSec * rate);
  const mono = new Float32Array(frames);
  for (let i = 0; i < frames; i++) mono[i] = 0.05 * Math.sin(2 * Math.PI * 220 * i / rate);
  const levels = [0.4, 0.6, 0.8, 0.95];
  const clickFrames = Math.round(0.003 * rate);
  for (let k = 0; 0.5 * (k + 1) * rate + clickFrames <= frames; k++) {
    const start = Math.round(0.5 * (k + 1) * rate);
    for (let i = 0; i < clickFrames; i++) mono[start + i] = levels[k % levels.length];
  }
  const audio = { sampleRate: rate, numberOfChannels: 2, length: frames, getChannelData: () => mono };
  const track = { trackSeq: 1, title: 'clicks', durationSec: trackSec, sampleRate: rate, channels: 2,
    chunkFrames: rate / 4, codec: codecName, globe: false };
  let wake = () => {};
  const errors = [];
  const encoder = codec.createEncoder({ track, source: decodedSource(audio), onReady: () => wake(), onError: (e) => errors.push(String(e)) });
  const chunksOf = async (from, to) => {
    encoder.prepare(from, to);
    const deadline = performance.now() + 20000;
    while (true) {
      const ready = [];
      for (let k = from; k <= to; k++) ready.push(encoder.chunk(k));
      if (ready.every((c) => c)) return ready;
      if (errors.length) throw new Error(errors.join('; '));
      if (performance.now() > deadline) throw new Error(`chunks ${from}..${to} not encoded in 20 s`);
      await new Promise((resolve) => { wake = resolve; setTimeout(resolve, 50); });
    }
  };
  const listen = async (decoder, bytes, firstRendered) => {
    const rendered = new Float32Array(bytes.length * track.chunkFrames);
    const base = (firstRendered - 1) * track.chunkFrames;
    for (const b of bytes) {
      const chunk = await decoder.decode(b);
      rendered.set(chunk.planes[1], chunk.index * track.chunkFrames - base);
    }
    // The tap's rule (measure/tap-worklet.js): over 0.3, 100 ms apart, level 1.5 ms in.
    const clicks = [];
    let last = -Infinity;
    for (let i = track.chunkFrames; i < rendered.length; i++) {
      if (Math.abs(rendered[i]) > 0.3 && i - last > rate * 0.1) {
        last = i;
        clicks.push({ frame: base + i, level: Math.abs(rendered[i + Math.round(rate * 0.0015)]) });
      }
    }
    return clicks;
  };
  const result = {};
  // A listener joining mid-track: its first chunks are joinChunk - 1 (pre-roll) and on.
  const decoder = codec.createDecoder(track);
  const joined = await chunksOf(joinChunk - 1, joinChunk + spanChunks);
  result.join = { clicks: await listen(decoder, joined, joinChunk), bytes: joined.reduce((s, b) => s + b.byteLength, 0) };
  // The host seeks far ahead: nothing is encoded there, the encoder starts anew; the same
  // listener's decoder carries on from the new position.
  encoder.forgetBefore(seekChunk - 1);
  const sought = await chunksOf(seekChunk - 1, seekChunk + spanChunks);
  result.seek = { clicks: await listen(decoder, sought, seekChunk) };
  // A listener present from the start.
  const fromStart = await chunksOf(0, spanChunks);
  result.start = { clicks: await listen(codec.createDecoder(track), fromStart, 1) };
  result.coldStarts = decoder.coldStarts ?? 0;
  result.bytesPerSec = result.join.bytes / ((spanChunks + 2) * 0.25);
  encoder.close();
  decoder.close();
  return result;
}
