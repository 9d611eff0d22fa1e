// The theme button in the header: follows the system's light or dark preference until the
// person picks one, then keeps that choice (localStorage) for this browser. theme.css holds the
// colours; this sets data-theme on <html> and names the theme on the button.

import { byId } from './dom.js';

const THEME_KEY = 'syncroom.theme';
/** What a press moves to: system → light → dark → system. */
const NEXT = { system: 'light', light: 'dark', dark: 'system' };

export function showThemeToggle() {
  const button = byId('theme-toggle');
  const stored = readChoice();
  let choice = stored in NEXT ? stored : 'system';
  const render = () => {
    if (choice === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = choice;
    button.textContent = `Theme: ${choice === 'system' ? 'as system' : choice}`;
  };
  button.addEventListener('click', () => {
    choice = NEXT[choice];
    try {
      localStorage.setItem(THEME_KEY, choice);
    } catch {
      // Storage refused (private mode): the choice holds for this page only, which is all it can do.
    }
    render();
  });
  render();
}

function readChoice() {
  try {
    return localStorage.getItem(THEME_KEY) ?? 'system';
  } catch {
    return 'system';
  }
}
