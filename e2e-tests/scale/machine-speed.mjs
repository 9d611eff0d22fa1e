// How fast this machine is, so scale figures from different machines can be compared: Ed25519
// verifications per second on one core (the same check every listener makes per chunk), and
// the CPUs the OS reports. Taken before anything else runs.

import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { cpus } from 'node:os';

const ENVELOPE_BYTES = 4084; // a 0.25 s chunk's signed envelope at 128 kbit/s (relay/envelope.js)

/** @param {number} forMs how long to measure */
export function machineSpeed(forMs = 500) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const data = new Uint8Array(ENVELOPE_BYTES);
  const signature = sign(null, data, privateKey);
  const start = performance.now();
  let verifies = 0;
  while (performance.now() - start < forMs) {
    for (let i = 0; i < 20; i++) verify(null, data, publicKey, signature);
    verifies += 20;
  }
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    ed25519VerifiesPerSec: Math.round(verifies / ((performance.now() - start) / 1000)),
  };
}
