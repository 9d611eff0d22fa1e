import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseHostCodec, whyUnplayable } from '../app/codecs/negotiate.js';
import { CodecName } from '../app/protocol.js';
import { TRACK } from './fakes.mjs';

/** Installs fake WebCodecs globals answering isConfigSupported with `supported` for the test's length. */
async function withWebCodecs(supported, body) {
  const fake = { isConfigSupported: async (config) => ({ supported, config }) };
  Object.assign(globalThis, { AudioEncoder: fake, AudioDecoder: fake, AudioData: class {} });
  try {
    await body();
  } finally {
    delete globalThis.AudioEncoder;
    delete globalThis.AudioDecoder;
    delete globalThis.AudioData;
  }
}

test('a host streams Opus where the browser encodes and decodes it, and pcm16 with a reason where not', async () => {
  await withWebCodecs(true, async () => {
    assert.deepEqual(await chooseHostCodec({ channels: 2 }).then((c) => [c.codec.name, c.fallbackReason]), [CodecName.OPUS, null]);
    assert.equal((await chooseHostCodec({ channels: 6 })).codec.name, CodecName.PCM16, 'Opus here takes at most two channels');
    assert.equal((await chooseHostCodec({ requested: 'pcm16', channels: 2 })).codec.name, CodecName.PCM16);
  });
  await withWebCodecs(false, async () => {
    const { codec, fallbackReason } = await chooseHostCodec({ channels: 2, bitrate: 96_000 });
    assert.equal(codec.name, CodecName.PCM16);
    assert.match(fallbackReason, /cannot encode and decode opus .* streaming uncompressed pcm16 .* may hear gaps/);
  });
  const without = await chooseHostCodec({ channels: 2 }); // node: no WebCodecs at all
  assert.equal(without.codec.name, CodecName.PCM16);
});

test('a listener that cannot decode the room\'s codec is told why; pcm16 plays everywhere', async () => {
  assert.match(await whyUnplayable({ ...TRACK, codec: CodecName.OPUS }), /streams opus audio, and this browser cannot decode it/);
  assert.match(await whyUnplayable({ ...TRACK, codec: 'flac' }), /"flac" codec, which this page cannot play/);
  assert.equal(await whyUnplayable(TRACK), null);
  await withWebCodecs(true, async () => assert.equal(await whyUnplayable({ ...TRACK, codec: CodecName.OPUS, channels: 2 }), null));
});
