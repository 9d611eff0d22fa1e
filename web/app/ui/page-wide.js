// The parts of the room page that belong to neither role's panel: the theme button, the notice
// that sound is off until a gesture (ui/audio-unlock.js) and the track's artist and cover
// (ui/track-details.js). One call from main.js wires them.

import { showAudioUnlock } from './audio-unlock.js';
import { showThemeToggle } from './theme.js';
import { showTrackDetails } from './track-details.js';

/**
 * @param {import('../room/session.js').RoomSession} session
 * @param {import('../player/player.js').Player} player
 * @param {import('../problems.js').Problems} problems
 */
export function showPageWide(session, player, problems) {
  showThemeToggle();
  showAudioUnlock(session, player, problems);
  showTrackDetails(session);
}
