// "Who is here": the room's roster (room/roster.js) as a list, one entry per page: its name,
// browser, how it gets the audio and how well it keeps in sync; this person's own name field;
// on the host's page a Remove button per listener. Names come from other people's pages: they
// are set as text only (textContent, attributes), never as markup. Entries are kept per peer
// and updated in place, so a focused Remove button keeps its focus as rosters arrive.

import { ConnectionKind, Role } from '../protocol.js';
import { RosterEvent, shownName } from '../room/roster.js';
import { SessionEvent } from '../room/session.js';
import { byId } from './dom.js';

const CONNECTION_TEXT = {
  [ConnectionKind.HOST]: 'hosting',
  [ConnectionKind.DIRECT]: 'direct from the host',
  [ConnectionKind.RELAYED]: 'relayed by a listener',
  [ConnectionKind.TURN]: 'through a TURN relay',
  [ConnectionKind.WAITING]: 'waiting for a feed',
};

/** @param {import('../room/roster.js').RosterEntry} entry */
export function detailsOf(entry) {
  const parts = [entry.browser || 'unknown browser'];
  if (entry.connection) parts.push(CONNECTION_TEXT[entry.connection] ?? entry.connection);
  if (entry.offsetMs !== null) parts.push(`clock ${entry.offsetMs >= 0 ? '+' : '−'}${Math.abs(entry.offsetMs).toFixed(1)} ms`);
  if (entry.role === Role.LISTENER && entry.bufferAheadSec !== null) parts.push(`${entry.bufferAheadSec.toFixed(1)} s ahead`);
  if (entry.role === Role.LISTENER && entry.missed !== null) parts.push(`${entry.missed} missed`);
  if (entry.connection === null) parts.push('no status yet');
  return parts.join(' · ');
}

/**
 * @param {import('../room/session.js').RoomSession} session
 * @param {import('../room/display-name.js').DisplayName} displayName
 */
export function showRoster(session, displayName) {
  const panel = byId('roster-panel');
  const list = byId('roster');
  const more = byId('roster-more');
  const count = byId('roster-count');
  const nameField = /** @type {HTMLInputElement} */ (byId('display-name'));
  /** @type {Map<string, HTMLLIElement>} */
  const items = new Map();

  nameField.value = displayName.value;
  nameField.addEventListener('input', () => displayName.set(nameField.value));
  nameField.addEventListener('change', () => {
    nameField.value = displayName.set(nameField.value);
  });

  list.addEventListener('click', (e) => {
    const button = /** @type {HTMLElement} */ (e.target).closest('button[data-action=remove]');
    if (!button) return;
    const peerId = button.closest('li')?.dataset.peerId;
    if (peerId && session.removeListener(peerId)) {
      /** @type {HTMLButtonElement} */ (button).disabled = true;
      button.textContent = 'Removing…';
    }
  });

  /** @param {import('../room/roster.js').RosterEntry} entry */
  const itemFor = (entry) => {
    let li = items.get(entry.peerId);
    if (!li) {
      li = document.createElement('li');
      li.dataset.peerId = entry.peerId;
      const name = li.appendChild(document.createElement('span'));
      name.className = 'roster-name';
      const tag = li.appendChild(document.createElement('span'));
      tag.className = 'roster-tag muted';
      const details = li.appendChild(document.createElement('span'));
      details.className = 'roster-details muted';
      if (session.isHost && entry.role === Role.LISTENER) {
        const remove = li.appendChild(document.createElement('button'));
        remove.type = 'button';
        remove.dataset.action = 'remove';
        remove.textContent = 'Remove';
      }
      items.set(entry.peerId, li);
    }
    return li;
  };

  /** Writes only what changed: rosters come twice a second and mostly say the same. */
  const setText = (element, text) => {
    if (element.textContent !== text) element.textContent = text;
  };

  const render = () => {
    const { roster } = session;
    const seen = new Set();
    roster.entries.forEach((entry, i) => {
      seen.add(entry.peerId);
      const li = itemFor(entry);
      const name = shownName(entry);
      const own = entry.peerId === session.peerId;
      setText(li.querySelector('.roster-name'), name);
      setText(li.querySelector('.roster-tag'), [entry.role === Role.HOST ? 'host' : '', own ? 'you' : '']
        .filter(Boolean).map((t) => ` (${t})`).join(''));
      setText(li.querySelector('.roster-details'), ` ${detailsOf(entry)}`);
      const remove = li.querySelector('button[data-action=remove]');
      if (remove && remove.getAttribute('aria-label') !== `Remove ${name} from the room`) {
        remove.setAttribute('aria-label', `Remove ${name} from the room`);
      }
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] ?? null);
    });
    for (const [peerId, li] of items) {
      if (!seen.has(peerId)) {
        li.remove();
        items.delete(peerId);
      }
    }
    const pages = roster.listenerCount + (roster.entries.some((e) => e.role === Role.HOST) ? 1 : 0);
    setText(count, `(${pages})`);
    more.hidden = roster.unlisted === 0;
    setText(more, `…and ${roster.unlisted} more listener${roster.unlisted === 1 ? '' : 's'}`);
  };

  session.roster.addEventListener(RosterEvent.CHANGED, render);
  session.addEventListener(SessionEvent.ENTERED, () => {
    panel.hidden = false;
  });
  session.addEventListener(SessionEvent.REMOVED, () => {
    panel.hidden = true;
  });
}
