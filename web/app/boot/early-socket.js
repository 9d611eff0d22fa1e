// Opens the room's WebSocket while the page's module bundle (main.js, ~36 KB gzipped) still
// downloads: a classic script, loaded `async` from index.html, so on a slow or jittery link the
// socket's handshake and the server's welcome overlap the download instead of following it. On an
// invite URL it sends the listener's `join` at once, as the page would on the welcome (same
// invite, and relay unless ?relay=0: main.js), so the server places it and its parent's offer
// comes while the page still loads. It keeps every frame with its arrival time for the page.
// Deliberately tiny and free of imports: anything it imported would be one more round trip before
// the socket opens.
//
// Twins it must match, since it cannot import them: the URL is roomSocketUrl() of
// boot/adopt-early-socket.js, the join protocol.js `build.join` (web/test/early-socket.test.mjs
// checks both). No clock probes go early: taken while the page is busy loading, their answers
// are read late, and a late joiner on loopback once synced 79 ms off from them. A socket that
// closed before the page took it is not taken, and the page opens its own.
(() => {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const params = new URLSearchParams(location.search);
  const invite = params.get('invite');
  /** @type {{url: string, socket: WebSocket, openedAtMs: number | null, frames: {data: any, atMs: number}[],
   *   closed: boolean, joined: {invite: string, relay: boolean} | null}} `joined`: the join sent, if any */
  const early = { url, socket: new WebSocket(url), openedAtMs: null, frames: [], closed: false, joined: null };
  early.socket.onopen = () => {
    early.openedAtMs = performance.now();
    if (invite) {
      early.joined = { invite, relay: params.get('relay') !== '0' };
      early.socket.send(JSON.stringify({ type: 'join', ...early.joined }));
    }
  };
  early.socket.onmessage = (e) => { early.frames.push({ data: e.data, atMs: performance.now() }); };
  early.socket.onclose = () => { early.closed = true; };
  // @ts-ignore: read once by boot/adopt-early-socket.js
  globalThis.syncRoomEarlySocket = early;
})();
