// Where the browser keeps sound off until the person does something on the page (its autoplay
// rule: https://html.spec.whatwg.org/multipage/interaction.html#sticky-activation and
// https://webaudio.github.io/web-audio-api/#allowed-to-start), the room page says so in words
// and offers one button that turns sound on. Shown only in a room and only while the player's
// audio context is not running; never on the home page.

import { SessionEvent } from '../room/session.js';
import { byId } from './dom.js';
import { announce } from './status.js';

/**
 * @param {import('../room/session.js').RoomSession} session
 * @param {import('../player/player.js').Player} player
 * @param {import('../problems.js').Problems} problems
 */
export function showAudioUnlock(session, player, problems) {
  const notice = byId('audio-unlock');
  const button = byId('start-audio');
  let inRoom = false;
  const render = () => {
    const blocked = inRoom && player.context.state !== 'running';
    if (notice.hidden === !blocked) return;
    notice.hidden = !blocked;
    if (!blocked) announce('Sound is on.');
  };
  session.addEventListener(SessionEvent.ENTERED, () => {
    inRoom = true;
    render();
  });
  player.context.addEventListener('statechange', render);
  button.addEventListener('click', () => {
    player.resume().then(render, (e) => problems.report('audio-unlock-failed', e,
      `This browser would not turn sound on (${e?.message || e}); try the button again.`));
  });
}
