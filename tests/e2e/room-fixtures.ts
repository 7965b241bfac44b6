/** What the room's browser runs share (meeting-room-run.ts, room-parts-run.ts): viewports, a check-in, and a way to see peer connections. */

export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
export const CHECKIN = { location: 'At home, Leeds', emergencyContactName: 'Sam Rivers', emergencyContactPhone: '+44 113 496 0000' };
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every RTCPeerConnection the page makes, kept for getStats (PeerJS does not hand them out). Also defines esbuild's
 * `__name` helper, which tsx adds to the named functions inside page.evaluate callbacks.
 */
export const CAPTURE_PEER_CONNECTIONS = `(() => {
  window.__name = (fn) => fn;
  const Native = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = class extends Native { constructor(...args) { super(...args); window.__pcs.push(this); } };
})();`;
