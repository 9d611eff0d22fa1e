// Whether a peer connection's audio runs through a TURN server: its selected ICE candidate
// pair has a local or remote candidate of type "relay" (W3C webrtc-stats §7.8 RTCIceCandidateStats
// candidateType; the pair is the transport's selectedCandidatePairId, else the nominated
// succeeded pair, as Firefox reports it).

/**
 * @param {Iterable<any>} stats the values of an RTCStatsReport
 * @returns {boolean}
 */
export function usesRelayCandidate(stats) {
  const byId = new Map();
  for (const s of stats) byId.set(s.id, s);
  let pair = null;
  for (const s of byId.values()) {
    if (s.type === 'transport' && s.selectedCandidatePairId) pair = byId.get(s.selectedCandidatePairId) ?? pair;
  }
  if (!pair) {
    for (const s of byId.values()) {
      if (s.type === 'candidate-pair' && s.state === 'succeeded' && (s.nominated || s.selected)) pair = s;
    }
  }
  if (!pair) return false;
  return [pair.localCandidateId, pair.remoteCandidateId].some((id) => byId.get(id)?.candidateType === 'relay');
}
