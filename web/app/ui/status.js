// The page's status line: one ARIA live region (role="status", polite) that screen readers
// read out when something worth saying happens (a link copied, a track starting). Views call
// announce(); nothing else writes to it.

import { byId } from './dom.js';

/** @param {string} text */
export function announce(text) {
  const region = byId('status');
  // The same text twice is read again only if the region changes in between.
  if (region.textContent === text) region.textContent = '';
  region.textContent = text;
}
