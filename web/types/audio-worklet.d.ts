// The AudioWorkletGlobalScope (Web Audio API §1.32) for app/measure/tap-worklet.js: TypeScript's
// libraries describe the window and workers, not the audio rendering thread.
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: any);
}
declare const sampleRate: number;
declare const currentFrame: number;
declare const currentTime: number;
declare function registerProcessor(name: string, processorCtor: new (options?: any) => AudioWorkletProcessor): void;
