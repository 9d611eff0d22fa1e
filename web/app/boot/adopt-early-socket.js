// Takes over the socket boot/early-socket.js opened while the bundle downloaded (signaling.js
// `adoptSocket`): once, only for the same URL, and only while it is still connecting or open.

/** The URL of the room's WebSocket on this page's server (boot/early-socket.js builds the same). */
export function roomSocketUrl(loc = location) {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

/**
 * @typedef {{socket: WebSocket, openedAtMs: number | null, frames: {data: any, atMs: number}[],
 *   joined: {invite: string, relay: boolean} | null}} EarlySocket
 *   `openedAtMs`: when it opened (performance.now()), null while it connects; `frames`: what came
 *   meanwhile, in order, each with its arrival time; `joined`: the join it sent (an invite URL),
 *   null if none.
 */

/**
 * @param {string} url the socket URL the page wants
 * @param {any} [scope] where early-socket.js left it (globalThis)
 * @returns {EarlySocket | null} null when there is none to take (no early script, another URL,
 *   or it closed already); it can be taken only once
 */
export function adoptEarlySocket(url, scope = globalThis) {
  const early = scope.syncRoomEarlySocket;
  if (!early) return null;
  delete scope.syncRoomEarlySocket;
  if (early.url !== url || early.closed) {
    early.socket.onopen = early.socket.onmessage = early.socket.onclose = null;
    if (!early.closed) early.socket.close();
    return null;
  }
  return { socket: early.socket, openedAtMs: early.openedAtMs, frames: early.frames, joined: early.joined ?? null };
}
