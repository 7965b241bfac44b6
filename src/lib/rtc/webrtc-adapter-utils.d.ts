/** webrtc-adapter's browser detection (plain JavaScript inside the package); see webrtc-adapter.ts. */
declare module 'webrtc-adapter/src/js/utils.js' {
  export function detectBrowser(window: Window | undefined): { browser: string | null; version: number | null; supportsUnifiedPlan?: boolean };
}
