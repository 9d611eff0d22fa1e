// Signed envelopes: every message on a peer link's data channel, from the host down the relay
// tree, is one binary envelope (docs/protocol.md, "Signed envelopes"):
//
//   u8 envelope version (2) | u8 kind (1 chunk, 2 pulse) | u16 reserved (0)
//   | 64 bytes Ed25519 signature over bytes [0..4) followed by the payload | payload
//
// The payload of a chunk is the codec's chunk (codecs/); that of a pulse is the pulse as UTF-8
// JSON. The host signs; relays forward the envelope byte for byte; every peer verifies it
// against the host's public key (relay/signatures.js) before it plays or forwards it.

export const ENVELOPE_VERSION = 2;
export const HEADER_BYTES = 4;
export const SIGNATURE_BYTES = 64;
export const PAYLOAD_OFFSET = HEADER_BYTES + SIGNATURE_BYTES;
/** No envelope is larger than this: a data-channel message beyond it is dropped unread. */
export const MAX_ENVELOPE_BYTES = 256 * 1024;

export const EnvelopeKind = Object.freeze({ CHUNK: 1, PULSE: 2 });

/** A data-channel message that is not a well-formed envelope. */
export class MalformedEnvelope extends Error {
  constructor(reason) {
    super(`malformed envelope: ${reason}`);
    this.name = 'MalformedEnvelope';
  }
}

/**
 * The bytes a signature covers: the header, then the payload.
 * @param {number} kind
 * @param {Uint8Array} payload
 */
export function signedBytes(kind, payload) {
  const bytes = new Uint8Array(HEADER_BYTES + payload.byteLength);
  bytes[0] = ENVELOPE_VERSION;
  bytes[1] = kind;
  bytes.set(payload, HEADER_BYTES);
  return bytes;
}

/**
 * @param {number} kind
 * @param {Uint8Array} payload
 * @param {ArrayBuffer} signature 64 bytes
 * @returns {ArrayBuffer}
 */
export function sealEnvelope(kind, payload, signature) {
  if (signature.byteLength !== SIGNATURE_BYTES) throw new Error(`signature of ${signature.byteLength} bytes`);
  const bytes = new Uint8Array(PAYLOAD_OFFSET + payload.byteLength);
  bytes[0] = ENVELOPE_VERSION;
  bytes[1] = kind;
  bytes.set(new Uint8Array(signature), HEADER_BYTES);
  bytes.set(payload, PAYLOAD_OFFSET);
  return bytes.buffer;
}

/**
 * Splits an envelope into its parts without copying; throws MalformedEnvelope.
 * @param {ArrayBuffer} envelope
 * @returns {{kind: number, signature: Uint8Array<ArrayBuffer>, payload: Uint8Array<ArrayBuffer>,
 *   signed: Uint8Array<ArrayBuffer>}}
 */
export function openEnvelope(envelope) {
  if (!(envelope instanceof ArrayBuffer)) throw new MalformedEnvelope('not binary');
  if (envelope.byteLength < PAYLOAD_OFFSET) throw new MalformedEnvelope(`${envelope.byteLength} bytes is too short`);
  if (envelope.byteLength > MAX_ENVELOPE_BYTES) throw new MalformedEnvelope(`${envelope.byteLength} bytes is too long`);
  const bytes = new Uint8Array(envelope);
  if (bytes[0] !== ENVELOPE_VERSION) throw new MalformedEnvelope(`version ${bytes[0]}`);
  const kind = bytes[1];
  if (kind !== EnvelopeKind.CHUNK && kind !== EnvelopeKind.PULSE) throw new MalformedEnvelope(`kind ${kind}`);
  const payload = bytes.subarray(PAYLOAD_OFFSET);
  return { kind, signature: bytes.subarray(HEADER_BYTES, PAYLOAD_OFFSET), payload, signed: signedBytes(kind, payload) };
}
