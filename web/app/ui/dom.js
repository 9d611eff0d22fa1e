// The few DOM helpers the views share. Views (this folder) are the only code that touches
// `document`; everything they show comes from the room session and the roles.

/** @param {string} id @returns {any} the element, typed loosely: views know what they look up */
export const byId = (id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`page has no #${id}`);
  return element;
};

/** @param {number} sec @returns {string} m:ss */
export function formatTime(sec) {
  const s = Math.max(0, Math.floor(sec));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
