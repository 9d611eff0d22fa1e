// Virtual time for the clock simulation: timers fire in time order, and after each one every
// promise it settled has run (the microtask queue drains before setImmediate), so code written
// against setTimeout and promises runs as it would, only without waiting.

export class VirtualTime {
  constructor(startMs = 0) {
    this.nowMs = startMs;
    this.nextId = 1;
    /** @type {Map<number, {at: number, seq: number, fn: () => void}>} */
    this.timers = new Map();
    this.seq = 0;
    this.setTimeout = (fn, ms) => {
      const id = this.nextId++;
      this.timers.set(id, { at: this.nowMs + Math.max(0, ms || 0), seq: this.seq++, fn });
      return id;
    };
    this.clearTimeout = (id) => {
      this.timers.delete(id);
    };
  }

  /** Runs every timer due up to `untilMs`, in order, then sets the time to `untilMs`. */
  async runUntil(untilMs) {
    for (;;) {
      let nextId = null;
      let next = null;
      for (const [id, t] of this.timers) {
        if (t.at <= untilMs && (next === null || t.at < next.at || (t.at === next.at && t.seq < next.seq))) {
          next = t;
          nextId = id;
        }
      }
      if (next === null) break;
      this.timers.delete(nextId);
      this.nowMs = next.at;
      next.fn();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.nowMs = untilMs;
  }
}
