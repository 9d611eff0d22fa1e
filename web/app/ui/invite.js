// The host's invite: the link (from the session, again after a reload), a Copy button, the
// link as a QR code to scan from a phone (the qrcode package from npm, bundled at build time
// into /vendor/qrcode.js, drawn on a canvas so nothing of the link becomes markup) and Share
// where the browser has the Web Share API (https://w3c.github.io/web-share/).

import { appUrl } from '../app-url.js';
import { SessionEvent } from '../room/session.js';
import { byId } from './dom.js';
import { announce } from './status.js';

const QR_URL = appUrl('vendor/qrcode.js');
/** The QR code's side in CSS pixels; 4 modules of quiet zone (ISO/IEC 18004 §6.3.8). */
const QR_SIDE_PX = 176;

/**
 * @param {import('../room/session.js').RoomSession} session
 * @param {import('../problems.js').Problems} problems
 */
export function showInvite(session, problems) {
  const link = byId('invite-url');
  const qr = /** @type {HTMLCanvasElement} */ (byId('invite-qr'));
  const share = byId('share-invite');
  share.hidden = typeof navigator.share !== 'function';

  const render = (url) => {
    link.value = url;
    qr.dataset.inviteUrl = url;
    import(QR_URL)
      .then(({ toCanvas }) => toCanvas(qr, url, { width: QR_SIDE_PX, margin: 4, errorCorrectionLevel: 'M' }))
      .then(() => { qr.hidden = false; })
      .catch((e) => problems.report('invite-qr-failed', e, 'Cannot draw the invite as a QR code; share the link instead.'));
  };
  if (session.inviteUrl) render(session.inviteUrl);
  session.addEventListener(SessionEvent.INVITE, (e) => render(/** @type {CustomEvent} */ (e).detail.inviteUrl));

  byId('copy-invite').addEventListener('click', () => {
    if (!navigator.clipboard) {
      problems.report('clipboard-unavailable', new Error('no clipboard API (needs https or localhost)'),
        'Copying needs a secure page; select the link and copy it by hand.');
      return;
    }
    navigator.clipboard.writeText(link.value).then(() => announce('Invite link copied.'), (e) => problems.report('clipboard-refused', e,
      'The browser refused to copy; select the link and copy it by hand.'));
  });
  share.addEventListener('click', () => {
    navigator.share({ title: 'Listen with me on Sync Room', url: link.value }).catch((e) => {
      // The person closing the share sheet is no failure.
      if (e?.name !== 'AbortError') problems.report('share-failed', e, 'The browser could not share the link; copy it instead.');
    });
  });
}
