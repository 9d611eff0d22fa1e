// Audio-thread tap used for measurement: reports the context frame of the first audible
// sample, and of every click with its level. Clicks are 3 ms plateaus well above the
// music bed; the level is read 1.5 ms into the plateau, so a click can be told apart
// from its neighbours (levels cycle), which keeps cross-listener matching honest.

const CLICK_THRESHOLD = 0.3;
const SOUND_THRESHOLD = 0.001;

class ClickTap extends AudioWorkletProcessor {
  constructor() {
    super();
    this.heard = false;
    this.lastClick = -Infinity;
    this.refractory = Math.round(sampleRate * 0.1);
    this.levelDelay = Math.round(sampleRate * 0.0015);
    this.pending = null;
  }

  process(inputs) {
    const input = inputs[0];
    if (!input || input.length === 0) return true;
    const samples = input[0];
    for (let i = 0; i < samples.length; i++) {
      const v = Math.abs(samples[i]);
      const frame = currentFrame + i;
      if (!this.heard && v > SOUND_THRESHOLD) {
        this.heard = true;
        this.port.postMessage({ kind: 'sound', frame });
      }
      if (this.pending !== null && frame >= this.pending + this.levelDelay) {
        this.port.postMessage({ kind: 'click', frame: this.pending, level: v });
        this.pending = null;
      }
      if (v > CLICK_THRESHOLD && frame - this.lastClick > this.refractory) {
        this.lastClick = frame;
        this.pending = frame;
      }
    }
    return true;
  }
}

registerProcessor('click-tap', ClickTap);
