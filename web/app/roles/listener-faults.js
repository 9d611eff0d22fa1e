// Misbehaviour on purpose, for the tests that prove a listener is told when its audio stops
// (diagnostics.faults.cutUpstream): everything from upstream peers is dropped unread, as if the
// link were cut while the data channel stays open, until the returned function lifts the cut.
// The role reports its upstream starving as it would for a real cut; a new parent's audio is
// dropped too, so the page stays cut off however often the server moves it.

/**
 * @param {import('./listener.js').ListenerRole} listener
 * @returns {() => void} restores the upstream
 */
export function cutUpstream(listener) {
  listener.receive = () => {};
  return () => {
    delete listener.receive; // the prototype's receive again
  };
}
