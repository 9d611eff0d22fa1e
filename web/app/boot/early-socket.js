// Opens the room's WebSocket while the page's module bundle (main.js, ~36 KB gzipped) still
// downloads: a classic script, loaded `async` from index.html, so on a slow or jittery link the
// socket's handshake, the server's welcome and the first clock probes overlap the download
// instead of following it. Once open it sends time probes one after the other (each when the
// answer to the one before comes), at most EARLY_PROBES, until the page takes the socket over
// (boot/adopt-early-socket.js): that is the clock's first burst begun early. On an invite URL it
// also sends the listener's `join` at once, as the page would on the welcome (same invite, and
// relay unless ?relay=0: main.js), so the server places it and its parent's offer comes while the
// page still loads. It keeps every frame with its arrival time for the page. Deliberately tiny and free of imports: anything it imported
// would be one more round trip before the socket opens.
//
// Twins it must match, since it cannot import them: the URL is roomSocketUrl() of
// boot/adopt-early-socket.js, the probe is protocol.js `build.timeRequest` and its answer
// ServerType.TIME_RESPONSE, the join `build.join` (web/test/early-socket.test.mjs checks them). A socket that closed
// before the page took it is not taken, and the page opens its own.
(() => {
  /** The clock's first burst (clock/server-clock-estimate.js FIRST_BURST_PROBES): no more is sent early. */
  const EARLY_PROBES = 12;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const params = new URLSearchParams(location.search);
  const invite = params.get('invite');
  /** @type {{url: string, socket: WebSocket, openedAtMs: number | null, frames: {data: any, atMs: number}[],
   *   closed: boolean, probeT0s: number[], joined: {invite: string, relay: boolean} | null}}
   *   `probeT0s`: the send times of the probes sent, in order; `joined`: the join sent, if any */
  const early = { url, socket: new WebSocket(url), openedAtMs: null, frames: [], closed: false, probeT0s: [], joined: null };
  const sendProbe = () => {
    if (early.probeT0s.length >= EARLY_PROBES) return;
    const t0 = performance.now();
    early.probeT0s.push(t0);
    early.socket.send(JSON.stringify({ type: 'time-request', t0 }));
  };
  early.socket.onopen = () => {
    early.openedAtMs = performance.now();
    sendProbe();
    if (invite) {
      early.joined = { invite, relay: params.get('relay') !== '0' };
      early.socket.send(JSON.stringify({ type: 'join', ...early.joined }));
    }
  };
  early.socket.onmessage = (e) => {
    const atMs = performance.now();
    early.frames.push({ data: e.data, atMs });
    if (typeof e.data === 'string' && e.data.includes('"time-response"')) sendProbe();
  };
  early.socket.onclose = () => { early.closed = true; };
  // @ts-ignore: read once by boot/adopt-early-socket.js
  globalThis.syncRoomEarlySocket = early;
})();
