// "Your sound": mute, volume and the manual device delay (±1/±10 ms buttons and a slider), as
// room/output-settings.js holds them. Shown once the page is in a room; every change goes to
// the settings, and the controls render only what the settings say.

import { OutputSettingsEvent } from '../room/output-settings.js';
import { SessionEvent } from '../room/session.js';
import { byId } from './dom.js';

/**
 * @param {import('../room/session.js').RoomSession} session
 * @param {import('../room/output-settings.js').OutputSettings} settings
 */
export function showOutputControls(session, settings) {
  const section = byId('output-controls');
  const mute = byId('mute-button');
  const volume = byId('volume');
  const volumeValue = byId('volume-value');
  const slider = byId('offset-slider');
  const offsetValue = byId('offset-value');
  const render = () => {
    mute.setAttribute('aria-pressed', String(settings.muted));
    mute.textContent = settings.muted ? 'Unmute' : 'Mute';
    volume.value = String(Math.round(settings.volume * 100));
    volumeValue.textContent = settings.muted ? 'muted' : `${volume.value}%`;
    slider.value = String(settings.offsetMs);
    offsetValue.textContent = `${settings.offsetMs > 0 ? '+' : ''}${settings.offsetMs} ms`;
  };
  mute.addEventListener('click', () => settings.setMuted(!settings.muted));
  volume.addEventListener('input', () => settings.setVolume(Number(volume.value) / 100));
  slider.addEventListener('input', () => settings.setOffsetMs(Number(slider.value)));
  for (const button of section.querySelectorAll('[data-offset-step]')) {
    button.addEventListener('click', () => settings.nudgeOffsetMs(Number(button.dataset.offsetStep)));
  }
  settings.addEventListener(OutputSettingsEvent.LEVEL, render);
  settings.addEventListener(OutputSettingsEvent.OFFSET, render);
  session.addEventListener(SessionEvent.ENTERED, () => {
    section.hidden = false;
  });
  render();
}
