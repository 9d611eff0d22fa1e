// When is a context time heard? getOutputTimestamp() pairs a context time with the page-clock
// time at which it reaches the output (Web Audio API, AudioContext.getOutputTimestamp():
// https://www.w3.org/TR/webaudio/#dom-audiocontext-getoutputtimestamp; its performanceTime is
// on the same clock as performance.now()). Single readings jump by several milliseconds when a
// render callback runs late and is caught up right after, so the mapping used for scheduling
// is the median of the last few readings: spikes are ignored, real changes (a new output
// latency, a stalled device) are adopted within a few ticks.

const WINDOW = 9;

export class OutputClock {
  /** @param {BaseAudioContext & {getOutputTimestamp(): AudioTimestamp, outputLatency?: number}} context */
  constructor(context, { now = () => performance.now() } = {}) {
    this.context = context;
    this.now = now;
    this.offsets = []; // performanceTime - contextTime, in ms
  }

  /** Takes one reading; call it regularly (the player does, on every tick). */
  sample() {
    const stamp = this.context.getOutputTimestamp();
    if (!stamp.performanceTime) return;
    this.offsets.push(stamp.performanceTime - stamp.contextTime * 1000);
    if (this.offsets.length > WINDOW) this.offsets.shift();
  }

  /**
   * The context time (s) that is heard at page-clock time `localMs`.
   * @param {number} localMs
   */
  contextTimeAt(localMs) {
    if (this.offsets.length === 0) this.sample();
    if (this.offsets.length === 0) {
      // The device has not reported yet: assume it plays now plus its stated latency.
      return this.context.currentTime + (localMs - this.now()) / 1000 + (this.context.outputLatency || 0);
    }
    const sorted = [...this.offsets].sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return (localMs - median) / 1000;
  }
}
