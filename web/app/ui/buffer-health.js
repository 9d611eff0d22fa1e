// The listener's buffer health line (room/buffer-health.js): seconds of audio held ahead, chunks
// missing and late, and a warning when the buffer runs low, stops being fed or the page is silent.
// Rendered on every sample the listener role takes (ten a second); only changed text is written.

import { BufferHealthEvent, BufferLevel, STALLED_AFTER_MS } from '../room/buffer-health.js';
import { byId } from './dom.js';

/** What `recovered` counts; shown as the count's tooltip. */
const RECOVERED_MEANS = 'Chunks that were lost on the way, asked for again and arrived in time.';

/** @param {import('../room/buffer-health.js').BufferHealth} health */
export function showBufferHealth(health) {
  const line = byId('buffer-health');
  const warning = byId('buffer-warning');
  byId('buffer-recovered').title = RECOVERED_MEANS;
  const figures = {
    ahead: byId('buffer-ahead'), missing: byId('buffer-missing'), late: byId('buffer-late'), recovered: byId('buffer-recovered'),
  };
  line.hidden = false;
  health.addEventListener(BufferHealthEvent.SAMPLED, () => {
    const s = health.snapshot();
    line.dataset.level = s.level;
    write(figures.ahead, `${s.aheadSec.toFixed(1)} s ahead`);
    write(figures.missing, `${s.missing} missing`);
    write(figures.late, `${s.late} late`);
    write(figures.recovered, `${s.recovered} recovered`);
    const text = warningOf(s);
    warning.hidden = text === null;
    warning.className = s.level === BufferLevel.LOW ? 'warning' : 'warning severe';
    write(warning, text ?? '');
  });
}

/** What the person is warned of, or null when all is well. @param {ReturnType<import('../room/buffer-health.js').BufferHealth['snapshot']>} s */
function warningOf(s) {
  const left = `${s.aheadSec.toFixed(1)} s`;
  switch (s.level) {
    case BufferLevel.SILENT:
      return s.outputOn ? 'No sound: the audio for this moment has not arrived.'
        : 'No sound: this browser has not turned sound on yet; press "Turn sound on".';
    case BufferLevel.STARVING:
      return s.stalledMs > STALLED_AFTER_MS ? `Audio has stopped arriving: ${left} left in the buffer.`
        : `Buffer nearly empty: ${left} of audio left.`;
    case BufferLevel.LOW:
      return `Buffer low: ${left} of audio held ahead.`;
    default:
      return null;
  }
}

/** @param {HTMLElement} element @param {string} text */
function write(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

