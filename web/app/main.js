// Wires the page: host mode when opened plainly, listener mode when opened from an invite
// URL (?invite=…). ?relay=0 keeps a listener from feeding others; ?measure attaches the click
// tap used by the alignment tests; on the host page ?codec=pcm16|opus picks the codec (default:
// opus where the browser has WebCodecs Opus) and ?bitrate= the Opus bit rate in bit/s.
// Wiring only: state lives in room/session.js, behaviour in roles/, rendering in ui/.

import { adoptEarlySocket, roomSocketUrl } from './boot/adopt-early-socket.js';
import { Diagnostics } from './diagnostics.js';
import { PeerLinks } from './links/peer-links.js';
import { attachTap } from './measure/tap.js';
import { opusBitrate } from './media/opus-bitrate.js';
import { Player } from './player/player.js';
import { Problems } from './problems.js';
import { Role } from './protocol.js';
import { HostSigner } from './relay/signatures.js';
import { HostEvent, HostRole } from './roles/host.js';
import { HostQueue } from './roles/host-queue.js';
import { ListenerEvent, ListenerRole } from './roles/listener.js';
import { OutputSettings } from './room/output-settings.js';
import { startPresence } from './roles/presence.js';
import { RoomSession, SessionEvent } from './room/session.js';
import { Signaling } from './signaling.js';
import { showBufferHealth } from './ui/buffer-health.js';
import { showConnection } from './ui/connection-badge.js';
import { ErrorBanner } from './ui/error-banner.js';
import { showHostPanel } from './ui/host-panel.js';
import { showListenerPanel } from './ui/listener-panel.js';
import { showNowPlaying } from './ui/now-playing.js';
import { showOutputControls } from './ui/output-controls.js';
import { showPageWide } from './ui/page-wide.js';
import { showRemovedNotice } from './ui/removed-notice.js';
import { showRoster } from './ui/roster.js';
import { showUpstreamHealth } from './ui/upstream-health.js';
import { showRoomEntry } from './ui/room-entry.js';

const HOST_TOKEN_KEY = 'syncroom.hostToken';
const params = new URLSearchParams(location.search);

const problems = new Problems();
// The key this page signs with should it host (Ed25519, WebCrypto); made before anything else.
const signer = await HostSigner.create().catch((e) => {
  problems.report('no-signing-key', e, `This browser cannot sign audio (${e.message}); it can listen, not host.`);
  return null;
});
const signaling = new Signaling(roomSocketUrl(), { problems, adoptSocket: adoptEarlySocket }); // boot/early-socket.js
const clock = signaling.clockEstimate();
const hostTokens = {
  get: () => sessionStorage.getItem(HOST_TOKEN_KEY),
  set: (token) => sessionStorage.setItem(HOST_TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(HOST_TOKEN_KEY),
};
const session = new RoomSession({
  signaling, clock, invite: params.get('invite'), hostTokens, problems, relay: params.get('relay') !== '0',
  hostKey: async () => signer?.publicKey ?? '',
});
const player = new Player(session, { settings: new OutputSettings({ storage: localStorage }) });
const links = new PeerLinks({ session, problems });
const diagnostics = new Diagnostics({ session, signaling, player, links, problems });
// @ts-ignore: the documented test surface (diagnostics.js)
window.syncRoom = diagnostics;

let role = null; // created once, when this page first enters a room
const presence = startPresence({ session, player, links, diagnostics, storage: localStorage, navigator, role: () => role });

const banner = new ErrorBanner(session, problems);
showConnection(session);
showRoomEntry(session, player);
showListenerPanel(session);
showOutputControls(session, player.settings);
const nowPlaying = showNowPlaying(session, player);
showPageWide(session, player, problems);
showRoster(session, presence.displayName);
showRemovedNotice(session);

session.addEventListener(SessionEvent.ENTERED, () => {
  if (role) return;
  if (session.role === Role.HOST) {
    role = new HostRole({ session, links, player, problems, signer, codec: params.get('codec'), bitrate: opusBitrate(params, problems) });
    banner.follow(role, HostEvent.PROBLEM);
    diagnostics.watchHost(role);
    showHostPanel(session, role, problems, new HostQueue({ session, host: role, problems }));
  } else {
    role = new ListenerRole({ session, links, player, problems, outputRunning: () => player.context.state === 'running' });
    banner.follow(role, ListenerEvent.PROBLEM);
    diagnostics.watchListener(role);
    showUpstreamHealth(role);
    showBufferHealth(role.health);
    presence.reporter.watchHealth(role.health);
    nowPlaying.follow(role.health);
    role.start();
  }
});

if (params.has('measure')) {
  attachTap(player).catch((e) => problems.report('measurement-tap-failed', e, `measurement tap failed: ${e.message}`));
}

signaling.connect();
