// Misbehaviour on purpose, for the tests that prove the tree routes around a bad relay
// (diagnostics.faults.tamperRelay): what anyone who edits their own page could do anyway. The
// signature checks are what make it harmless; this only lets a test switch it on.

import { build } from '../protocol.js';
import { PAYLOAD_OFFSET } from './envelope.js';
import { HostSigner } from './signatures.js';

export const Tampering = Object.freeze({
  /** flips a byte of the audio in every chunk it forwards */
  FLIP_BYTES: 'flip-bytes',
  /** sends its children a pause of its own making, signed with its own key, every second */
  FORGE_PAUSE: 'forge-pause',
});

const FORGE_EVERY_MS = 1000;

/** A copy of `envelope` with one byte of its payload changed. @param {ArrayBuffer} envelope */
export function flipByte(envelope) {
  const copy = envelope.slice(0);
  const bytes = new Uint8Array(copy);
  bytes[Math.min(bytes.length - 1, PAYLOAD_OFFSET + 40)] ^= 0x5a;
  return copy;
}

/**
 * Makes `relay` misbehave as `kind` says.
 * @param {import('./relay.js').Relay} relay
 * @param {string} kind Tampering
 */
export async function tamperRelay(relay, kind) {
  if (kind === Tampering.FLIP_BYTES) {
    relay.tamper = flipByte;
    return;
  }
  if (kind !== Tampering.FORGE_PAUSE) throw new Error(`no such tampering: ${kind}`);
  const forger = await HostSigner.create();
  const session = relay.session;
  const forge = async () => {
    const { track, playback, clock } = session;
    if (!track || !playback) return;
    const at = clock.serverNow() + 300;
    const pause = { version: playback.version + 1, trackSeq: track.trackSeq, playing: false, position: session.positionAt(at) ?? 0, at };
    relay.forgedPulse = await forger.sealPulse(build.pulse(clock.serverNow(), track, pause));
    relay.streamer.pulseAll();
  };
  await forge();
  relay.onStop(setInterval(forge, FORGE_EVERY_MS));
}
