// WebRTC peer connections between members of a room. Offers, answers and ICE candidates
// travel through the server as `signal` messages; the server stamps who sent them.
// The host opens one ordered data channel per listener and streams audio chunks on it.

export class Mesh extends EventTarget {
  /** `acceptOffer(peerId)` decides whose offers to answer (listeners: only the host's). */
  constructor(signaling, { iceServers = [], acceptOffer = () => true } = {}) {
    super();
    this.signaling = signaling;
    this.iceServers = iceServers;
    this.acceptOffer = acceptOffer;
    this.peers = new Map();
    signaling.on('signal', ({ from, data }) => this.onSignal(from, data).catch((e) => this.fail(from, e)));
  }

  /** Host side: opens a connection and a data channel to `peerId`. */
  async call(peerId) {
    this.close(peerId);
    const pc = this.createConnection(peerId);
    const channel = pc.createDataChannel('audio', { ordered: true });
    this.adopt(peerId, channel);
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    this.signaling.send({ type: 'signal', to: peerId, data: { description: pc.localDescription.toJSON() } });
  }

  close(peerId) {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    this.peers.delete(peerId);
    peer.pc.close();
    this.dispatchEvent(new CustomEvent('channel-close', { detail: { peerId } }));
  }

  createConnection(peerId) {
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    this.peers.set(peerId, { pc, channel: null });
    pc.onicecandidate = ({ candidate }) => {
      if (candidate && this.signaling.open) {
        this.signaling.send({ type: 'signal', to: peerId, data: { candidate: candidate.toJSON() } });
      }
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed' && this.peers.get(peerId)?.pc === pc) {
        this.fail(peerId, new Error('WebRTC connection failed'));
        this.close(peerId);
      }
    };
    pc.ondatachannel = ({ channel }) => this.adopt(peerId, channel);
    return pc;
  }

  adopt(peerId, channel) {
    channel.binaryType = 'arraybuffer';
    const peer = this.peers.get(peerId);
    if (peer) peer.channel = channel;
    channel.onopen = () => this.dispatchEvent(new CustomEvent('channel-open', { detail: { peerId, channel } }));
    channel.onmessage = ({ data }) => this.dispatchEvent(new CustomEvent('message', { detail: { peerId, data } }));
    channel.onclose = () => {
      if (this.peers.get(peerId)?.channel === channel) this.close(peerId);
    };
  }

  async onSignal(from, data) {
    if (data.description) {
      let peer = this.peers.get(from);
      if (data.description.type === 'offer') {
        if (!this.acceptOffer(from)) return;
        if (peer) this.close(from);
        this.createConnection(from);
        peer = this.peers.get(from);
      }
      if (!peer) return;
      await peer.pc.setRemoteDescription(data.description);
      if (data.description.type === 'offer') {
        const answer = await peer.pc.createAnswer();
        await peer.pc.setLocalDescription(answer);
        this.signaling.send({ type: 'signal', to: from, data: { description: peer.pc.localDescription.toJSON() } });
      }
    } else if (data.candidate) {
      const peer = this.peers.get(from);
      if (peer) await peer.pc.addIceCandidate(data.candidate);
    }
  }

  fail(peerId, error) {
    this.dispatchEvent(new CustomEvent('peer-error', { detail: { peerId, error } }));
  }
}
