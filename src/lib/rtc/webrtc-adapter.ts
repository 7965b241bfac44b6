/**
 * What PeerJS uses of webrtc-adapter, without the shims. PeerJS imports webrtc-adapter for `browserDetails` (its
 * supported-browser check) and, as a side effect, the adapter patches RTCPeerConnection for old browsers: prefixed
 * APIs, plan-B SDP, pre-2020 Safari and Firefox. Every browser the toolkit supports (Chromium, Firefox and Safari of the
 * last few years) implements the standard API those shims polyfill, and the shims plus their SDP parser were ~14 KB gzip
 * of the room page (issue 12: the room may not pass 150 KB). vite.config.ts aliases `webrtc-adapter` to this file in the
 * browser build; the browser detection is the adapter's own, unchanged.
 */
import { detectBrowser } from 'webrtc-adapter/src/js/utils.js';

export const browserDetails = detectBrowser(typeof window === 'undefined' ? undefined : window);

export default { browserDetails };
