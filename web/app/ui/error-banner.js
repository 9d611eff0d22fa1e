// The alert line under the header: refusals from the server in words for people, and the
// problems the roles raise. Cleared when the page enters a room.

import { ErrorCode } from '../protocol.js';
import { PROBLEM_EVENT } from '../problems.js';
import { SessionEvent } from '../room/session.js';
import { byId } from './dom.js';

/** What a refusal means to the person, where the server's text is not enough. */
const WORDS = {
  [ErrorCode.UNKNOWN_INVITE]: 'This invite link is unknown or has expired. Ask the host for a new one.',
  [ErrorCode.ROOM_FULL]: 'This room is full. Ask the host to make room.',
};

export class ErrorBanner {
  /**
   * @param {import('../room/session.js').RoomSession} session
   * @param {import('../problems.js').Problems} problems
   */
  constructor(session, problems) {
    this.element = byId('error-banner');
    session.addEventListener(SessionEvent.REFUSED, (e) => {
      const { code, message } = /** @type {CustomEvent} */ (e).detail;
      this.show(WORDS[code] ?? `${message} (${code})`);
    });
    session.addEventListener(SessionEvent.ENTERED, () => this.show(''));
    problems.addEventListener(PROBLEM_EVENT, (e) => {
      const { userMessage } = /** @type {CustomEvent} */ (e).detail;
      if (userMessage) this.show(userMessage);
    });
  }

  /** @param {string} message '' hides the banner */
  show(message) {
    this.element.textContent = message;
    this.element.hidden = !message;
  }

  /** Shows the `message` of every event of `type` that `source` dispatches. */
  follow(source, type) {
    source.addEventListener(type, (e) => this.show(/** @type {CustomEvent} */ (e).detail.message));
  }
}
