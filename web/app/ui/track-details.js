// The artist and cover of what plays, from the file's tags, beside the title in the
// now-playing view, and each new track said in the status line. On the host's page they come from its queue (room/queue.js); a listener's
// page shows the title the track carries. The cover is shown from a blob: URL of the picture's
// bytes (never markup), released when the track changes.

import { QueueEvent } from '../room/queue.js';
import { SessionEvent } from '../room/session.js';
import { byId } from './dom.js';
import { announce } from './status.js';

/** @param {import('../room/session.js').RoomSession} session */
export function showTrackDetails(session) {
  const cover = /** @type {HTMLImageElement} */ (byId('track-cover'));
  const artist = byId('track-artist');
  /** @type {Blob | null} */
  let shownCover = null;
  const render = () => {
    const entry = session.queue.current;
    artist.textContent = entry?.artist ?? '';
    artist.hidden = !entry?.artist;
    const picture = entry?.cover ?? null;
    if (picture === shownCover) return;
    if (cover.src) URL.revokeObjectURL(cover.src);
    shownCover = picture;
    cover.hidden = !picture;
    if (picture) cover.src = URL.createObjectURL(picture);
    else cover.removeAttribute('src');
  };
  session.queue.addEventListener(QueueEvent.CHANGED, render);
  session.addEventListener(SessionEvent.TRACK, (e) => announce(`Now playing: ${/** @type {CustomEvent} */ (e).detail.track.title}`));
}
