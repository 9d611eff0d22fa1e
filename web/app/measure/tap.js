// Measurement tap (enabled with ?measure in the URL): listens to exactly what the player
// sends to the speakers and announces, as 'syncroom:rendered' window events, the context
// time of the first sound and of every click. Test harnesses turn those into wall time.

import { appUrl } from '../app-url.js';

export async function attachTap(player) {
  const context = player.context;
  await context.audioWorklet.addModule(appUrl('measure/tap-worklet.js'));
  const tap = new AudioWorkletNode(context, 'click-tap', { numberOfInputs: 1, numberOfOutputs: 1 });
  player.output.connect(tap);
  tap.connect(context.destination);
  tap.port.onmessage = ({ data }) => {
    window.dispatchEvent(new CustomEvent('syncroom:rendered', {
      detail: { kind: data.kind, level: data.level, contextTime: data.frame / context.sampleRate, context },
    }));
  };
  return tap;
}
