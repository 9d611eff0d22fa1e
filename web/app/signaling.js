// The WebSocket to the server: JSON messages in and out, NTP-style time probes with
// timestamps taken at the socket, and automatic reconnection after a drop.

export class Signaling extends EventTarget {
  constructor(url, { now = () => performance.now() } = {}) {
    super();
    this.url = url;
    this.now = now;
    this.socket = null;
    this.pendingProbes = new Map();
    this.closedByUser = false;
    this.retryMs = 500;
  }

  connect() {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onmessage = (event) => {
      const t3 = this.now();
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type === 'time-response') {
        const pending = this.pendingProbes.get(message.t0);
        if (pending) {
          this.pendingProbes.delete(message.t0);
          pending({ t0: message.t0, t1: message.t1, t2: message.t2, t3 });
        }
        return;
      }
      this.dispatchEvent(new CustomEvent(message.type, { detail: message }));
    };
    socket.onopen = () => {
      this.retryMs = 500;
      this.dispatchEvent(new Event('open'));
    };
    socket.onclose = () => {
      for (const [, resolve] of this.pendingProbes) resolve(null);
      this.pendingProbes.clear();
      this.dispatchEvent(new Event('close'));
      if (!this.closedByUser) {
        setTimeout(() => this.connect(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, 8000);
      }
    };
  }

  get open() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  send(message) {
    if (!this.open) throw new Error(`not connected; cannot send ${message.type}`);
    this.socket.send(JSON.stringify(message));
  }

  on(type, handler) {
    this.addEventListener(type, (event) => handler(event.detail));
  }

  /** One time probe. Resolves to {t0, t1, t2, t3}; rejects if the socket drops or it times out. */
  probe(timeoutMs = 3000) {
    return new Promise((resolve, reject) => {
      if (!this.open) {
        reject(new Error('not connected'));
        return;
      }
      let t0 = this.now();
      while (this.pendingProbes.has(t0)) t0 += 1e-6;
      const timer = setTimeout(() => {
        this.pendingProbes.delete(t0);
        reject(new Error('time probe unanswered'));
      }, timeoutMs);
      this.pendingProbes.set(t0, (sample) => {
        clearTimeout(timer);
        if (sample) resolve(sample);
        else reject(new Error('connection dropped'));
      });
      this.socket.send(JSON.stringify({ type: 'time-request', t0 }));
    });
  }

  close() {
    this.closedByUser = true;
    this.socket?.close();
  }
}
