// Integrity of what travels down the relay tree: the host signs every chunk and pulse with an
// Ed25519 key made for this page (WebCrypto, RFC 8032); the server hands the public key to
// listeners; every peer verifies before it plays or forwards. A relay can then drop or delay
// what it forwards, never change it or make up its own.

import { EnvelopeKind, MalformedEnvelope, openEnvelope, sealEnvelope, signedBytes } from './envelope.js';

const ALGORITHM = { name: 'Ed25519' };
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** An envelope whose signature does not verify against the host's key. */
export class ForgedEnvelope extends Error {
  constructor() {
    super('signature does not verify against the host key');
    this.name = 'ForgedEnvelope';
  }
}

/** @param {ArrayBuffer | Uint8Array} bytes */
export function toBase64Url(bytes) {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return btoa(String.fromCharCode(...u8)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @param {string} text */
export function fromBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

/** The host's signing key. */
export class HostSigner {
  /**
   * @param {CryptoKeyPair} keys @param {string} publicKey base64url of the raw 32-byte key
   * @param {SubtleCrypto} subtle
   */
  constructor(keys, publicKey, subtle) {
    this.keys = keys;
    this.publicKey = publicKey;
    this.subtle = subtle;
  }

  static async create(subtle = globalThis.crypto.subtle) {
    const keys = /** @type {CryptoKeyPair} */ (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify']));
    const raw = await subtle.exportKey('raw', keys.publicKey);
    return new HostSigner(keys, toBase64Url(raw), subtle);
  }

  /**
   * @param {number} kind EnvelopeKind
   * @param {Uint8Array} payload
   * @returns {Promise<ArrayBuffer>} the envelope
   */
  async seal(kind, payload) {
    const signature = await this.subtle.sign(ALGORITHM, this.keys.privateKey, signedBytes(kind, payload));
    return sealEnvelope(kind, payload, signature);
  }

  /** @param {ArrayBuffer} chunk a codec chunk */
  sealChunk(chunk) {
    return this.seal(EnvelopeKind.CHUNK, new Uint8Array(chunk));
  }

  /** @param {object} pulse */
  sealPulse(pulse) {
    return this.seal(EnvelopeKind.PULSE, encoder.encode(JSON.stringify(pulse)));
  }
}

/** Checks envelopes against the host's public key. */
export class EnvelopeVerifier {
  /** @param {CryptoKey} key @param {SubtleCrypto} subtle */
  constructor(key, subtle) {
    this.key = key;
    this.subtle = subtle;
  }

  /** @param {string} publicKey base64url raw Ed25519 key, as the server hands it out */
  static async create(publicKey, subtle = globalThis.crypto.subtle) {
    const raw = fromBase64Url(publicKey);
    if (raw.byteLength !== 32) throw new Error(`host key of ${raw.byteLength} bytes, not 32`);
    return new EnvelopeVerifier(await subtle.importKey('raw', raw, ALGORITHM, false, ['verify']), subtle);
  }

  /**
   * Resolves to {kind, payload} for an authentic envelope; rejects with MalformedEnvelope or
   * ForgedEnvelope otherwise.
   * @param {ArrayBuffer} envelope
   * @returns {Promise<{kind: number, payload: Uint8Array}>}
   */
  async open(envelope) {
    const { kind, signature, payload, signed } = openEnvelope(envelope);
    if (!(await this.subtle.verify(ALGORITHM, this.key, signature, signed))) throw new ForgedEnvelope();
    return { kind, payload };
  }
}

/** The chunk bytes of a verified chunk envelope, as the codec expects them. @param {Uint8Array} payload */
export function chunkBytes(payload) {
  return payload.slice().buffer;
}

/** The pulse text of a verified pulse envelope. @param {Uint8Array} payload */
export function pulseText(payload) {
  return decoder.decode(payload);
}

export { EnvelopeKind, MalformedEnvelope };
