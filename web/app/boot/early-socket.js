// Opens the room's WebSocket while the page's module bundle (main.js, ~36 KB gzipped) still
// downloads: a classic script, loaded `async` from index.html, so on a slow or jittery link the
// socket's handshake, the server's welcome and the first clock probes overlap the download
// instead of following it. It keeps every frame with its arrival time until the page takes the
// socket over (boot/adopt-early-socket.js). Deliberately tiny and free of imports: anything it
// imported would be one more round trip before the socket opens.
//
// The URL must match roomSocketUrl() of boot/adopt-early-socket.js; a socket that closed
// before the page took it is not taken, and the page opens its own.
(() => {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  /** @type {{url: string, socket: WebSocket, openedAtMs: number | null, frames: {data: any, atMs: number}[], closed: boolean}} */
  const early = { url, socket: new WebSocket(url), openedAtMs: null, frames: [], closed: false };
  early.socket.onopen = () => { early.openedAtMs = performance.now(); };
  early.socket.onmessage = (e) => { early.frames.push({ data: e.data, atMs: performance.now() }); };
  early.socket.onclose = () => { early.closed = true; };
  // @ts-ignore: read once by boot/adopt-early-socket.js
  globalThis.syncRoomEarlySocket = early;
})();
