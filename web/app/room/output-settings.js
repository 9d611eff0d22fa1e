// This device's output settings: volume and mute (local, never sent), and a manual output
// offset in ms, the delay the device adds after the browser hands it the sound (Bluetooth
// headphones add 100-250 ms that no browser reports). A positive offset makes the player
// schedule every chunk that much earlier, so what comes out of the device lines up with the
// room. All three are remembered in localStorage; the offset per output device (the
// AudioContext's sinkId, '' for the system default). No DOM: ui/output-controls.js renders it.

export const MAX_OFFSET_MS = 1000;
export const VOLUME_KEY = 'syncroom.volume';
export const OFFSET_KEY_PREFIX = 'syncroom.outputOffsetMs:';

/** Events of the settings; each carries {volume, muted, offsetMs} in `detail`. */
export const OutputSettingsEvent = Object.freeze({
  /** volume or mute changed: the level, never the timing */
  LEVEL: 'output-level',
  /** the manual output offset changed: the player re-queues what it has scheduled */
  OFFSET: 'output-offset',
});

/** @typedef {{getItem(key: string): string | null, setItem(key: string, value: string): void}} SettingsStore */

export class OutputSettings extends EventTarget {
  /**
   * @param {{storage?: SettingsStore | null, deviceId?: string, log?: {warn: Function}}} [options]
   * `storage` null keeps the settings for this page only.
   */
  constructor({ storage = null, deviceId = '', log = console } = {}) {
    super();
    this.storage = storage;
    this.log = log;
    this.volume = 1;
    this.muted = false;
    this.offsetMs = 0;
    /** @type {string | null} */
    this.deviceId = null;
    const level = this.read(VOLUME_KEY);
    if (level && typeof level === 'object') {
      this.volume = clampVolume(level.volume);
      this.muted = level.muted === true;
    }
    this.useDevice(deviceId);
  }

  /** The gain the output applies: 0 while muted. */
  get gain() {
    return this.muted ? 0 : this.volume;
  }

  /** The offset in seconds, as the player subtracts it from every context time. */
  get offsetSec() {
    return this.offsetMs / 1000;
  }

  /** The output device changed: its own remembered offset applies (0 if none). */
  useDevice(deviceId) {
    if (String(deviceId ?? '') === this.deviceId) return;
    this.deviceId = String(deviceId ?? '');
    const offset = clampOffset(this.read(OFFSET_KEY_PREFIX + this.deviceId));
    if (offset === this.offsetMs) return;
    this.offsetMs = offset;
    this.emit(OutputSettingsEvent.OFFSET);
  }

  /** @param {number} volume 0 (silent) to 1 (as sent) */
  setVolume(volume) {
    const v = clampVolume(volume);
    if (v === this.volume) return;
    this.volume = v;
    this.saveLevel();
  }

  /** @param {boolean} muted */
  setMuted(muted) {
    if (Boolean(muted) === this.muted) return;
    this.muted = Boolean(muted);
    this.saveLevel();
  }

  /** @param {number} offsetMs whole ms, within ±MAX_OFFSET_MS */
  setOffsetMs(offsetMs) {
    const offset = clampOffset(offsetMs);
    if (offset === this.offsetMs) return;
    this.offsetMs = offset;
    this.write(OFFSET_KEY_PREFIX + this.deviceId, offset);
    this.emit(OutputSettingsEvent.OFFSET);
  }

  /** @param {number} deltaMs */
  nudgeOffsetMs(deltaMs) {
    this.setOffsetMs(this.offsetMs + deltaMs);
  }

  saveLevel() {
    this.write(VOLUME_KEY, { volume: this.volume, muted: this.muted });
    this.emit(OutputSettingsEvent.LEVEL);
  }

  read(key) {
    try {
      const text = this.storage?.getItem(key);
      return text == null ? null : JSON.parse(text);
    } catch (e) {
      this.log.warn(`output settings: ignoring what is stored under ${key}`, e);
      return null;
    }
  }

  write(key, value) {
    try {
      this.storage?.setItem(key, JSON.stringify(value));
    } catch (e) {
      // Private windows and full quotas refuse writes: the setting holds for this page.
      this.log.warn(`output settings: cannot remember ${key}`, e);
    }
  }

  emit(type) {
    this.dispatchEvent(new CustomEvent(type, { detail: { volume: this.volume, muted: this.muted, offsetMs: this.offsetMs } }));
  }
}

function clampVolume(v) {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 1;
}

function clampOffset(ms) {
  return Number.isFinite(ms) ? Math.min(MAX_OFFSET_MS, Math.max(-MAX_OFFSET_MS, Math.round(ms))) : 0;
}
