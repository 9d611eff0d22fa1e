// The name this person goes by in the room's roster: edited on the page, remembered on this
// device (localStorage), cut to the length the server keeps. No DOM.

import { MAX_DISPLAY_NAME_CHARS } from '../protocol.js';

const STORAGE_KEY = 'syncroom.displayName';

/**
 * `value` without control characters, trimmed, at most MAX_DISPLAY_NAME_CHARS long (never a
 * surrogate pair cut in half). The server cleans it again; this keeps the page's own view honest.
 * @param {string} value
 */
export function cleanDisplayName(value) {
  // eslint-disable-next-line no-control-regex
  let name = String(value).replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  if (name.length > MAX_DISPLAY_NAME_CHARS) {
    let end = MAX_DISPLAY_NAME_CHARS;
    const last = name.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--;
    name = name.slice(0, end).trim();
  }
  return name;
}

export class DisplayName {
  /** @param {{storage: {getItem: (k: string) => string | null, setItem: (k: string, v: string) => void}}} deps */
  constructor({ storage }) {
    this.storage = storage;
    let stored = '';
    try {
      stored = storage.getItem(STORAGE_KEY) ?? '';
    } catch {
      // Storage can be off (private modes); the name then lasts as long as the page.
    }
    this.value = cleanDisplayName(stored);
  }

  /** @param {string} value */
  set(value) {
    this.value = cleanDisplayName(value);
    try {
      this.storage.setItem(STORAGE_KEY, this.value);
    } catch {
      // as above: not remembered, still used
    }
    return this.value;
  }
}
