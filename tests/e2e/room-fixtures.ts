/** What the room's browser runs share (meeting-room-run.ts, room-parts-run.ts): viewports, a check-in, and a way to see peer connections. */
import type { Page } from 'playwright-core';

export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
export const CHECKIN = { location: 'At home, Leeds', emergencyContactName: 'Sam Rivers', emergencyContactPhone: '+44 113 496 0000' };
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every RTCPeerConnection the page makes, kept for getStats (PeerJS does not hand them out), and the mesh's trace
 * (src/lib/rtc/mesh-trace.ts: the mesh records what each link does when `__meshTrace` exists). Also defines esbuild's
 * `__name` helper, which tsx adds to the named functions inside page.evaluate callbacks.
 */
export const CAPTURE_PEER_CONNECTIONS = `(() => {
  window.__name = (fn) => fn;
  window.__meshTrace = { events: [] };
  const Native = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = class extends Native { constructor(...args) { super(...args); window.__pcs.push(this); } };
})();`;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** What the room shows and where, for the layout checks: my own tile, the strip, and every control in sight. */
export interface RoomFit {
  viewport: { width: number; height: number };
  pageWidth: number;
  pageHeight: number;
  /** My own tile, and whether all of it is on screen (inside the viewport and not clipped by the strip). */
  self: (Box & { inside: boolean }) | null;
  strip: { scrolls: boolean; tileWidths: number[]; scrollWidth: number; clientWidth: number } | null;
  tiles: number;
  /**
   * Controls (buttons, links, tabs) in sight: "a / b" for two that overlap; the names of those partly off screen
   * (outside the panel, which scrolls) or under something else at their centre.
   */
  overlaps: string[];
  outside: string[];
  covered: string[];
  /** Tiles (other than my pinned own view) that overlap a control. */
  tilesOverControls: string[];
}

/**
 * Measures the room page as it is now (see RoomFit). Controls inside a panel that scrolls count only where the panel
 * shows them; the buttons inside a tile (Pin, Mute for group) are the tile's own.
 */
export const roomFit = (page: { evaluate<T>(fn: () => T): Promise<T> }): Promise<RoomFit> =>
  page.evaluate(() => {
    // tsx and vitest may wrap the named functions below in esbuild's `__name` helper, which the page lacks.
    (globalThis as any).__name ??= (fn: unknown) => fn;
    const box = (r: DOMRect) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    const clipOf = (el: Element) => {
      // The visible part of el: its box cut by every ancestor that clips (overflow other than visible).
      let r = box(el.getBoundingClientRect());
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const c = p.getBoundingClientRect();
        r = { left: Math.max(r.left, c.left), top: Math.max(r.top, c.top), right: Math.min(r.right, c.right), bottom: Math.min(r.bottom, c.bottom) };
      }
      return r;
    };
    const area = (r: Box) => Math.max(0, r.right - r.left) * Math.max(0, r.bottom - r.top);
    const meet = (a: Box, b: Box) => area({ left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) }) > 1;
    const nameOf = (el: Element) => (el.getAttribute('aria-label') || el.textContent || el.tagName).trim().replace(/\s+/g, ' ').slice(0, 40);
    const room = document.querySelector('[data-testid="meeting-room"]')!;
    const controls = [...room.querySelectorAll('button, a[href], [role="tab"], select')]
      .filter((el) => !el.closest('[data-testid="video-tile"]'))
      .map((el) => ({ el, name: nameOf(el), full: box(el.getBoundingClientRect()), seen: clipOf(el) }))
      .filter((c) => area(c.seen) > 0);
    const overlaps: string[] = [];
    for (const [i, a] of controls.entries()) for (const b of controls.slice(i + 1)) if (!a.el.contains(b.el) && !b.el.contains(a.el) && meet(a.seen, b.seen)) overlaps.push(`${a.name} / ${b.name}`);
    // A control inside the panel may lie below the panel's end: the panel scrolls to it.
    const outside = controls.filter((c) => !c.el.closest('[role="tabpanel"]')).filter((c) => c.full.left < -1 || c.full.top < -1 || c.full.right > innerWidth + 1 || c.full.bottom > innerHeight + 1).map((c) => c.name);
    const covered = controls
      .filter((c) => {
        const x = (c.seen.left + c.seen.right) / 2;
        const y = (c.seen.top + c.seen.bottom) / 2;
        const top = document.elementFromPoint(x, y);
        return !top || !(c.el.contains(top) || top.contains(c.el));
      })
      .map((c) => c.name);
    const tiles = [...room.querySelectorAll<HTMLElement>('[data-testid="video-tile"]')];
    const tilesOverControls: string[] = [];
    for (const tile of tiles) for (const c of controls) if (meet(clipOf(tile), c.seen)) tilesOverControls.push(`${tile.dataset.name} / ${c.name}`);
    const selfTile = tiles.find((t) => t.dataset.self === 'true');
    const self = selfTile
      ? (() => {
          const full = box(selfTile.getBoundingClientRect());
          const seen = clipOf(selfTile);
          const inside = full.left >= 0 && full.top >= 0 && full.right <= innerWidth && full.bottom <= innerHeight && area(seen) >= area(full) - 2;
          return { ...full, inside };
        })()
      : null;
    const stripEl = room.querySelector<HTMLElement>('[data-testid="video-strip"]');
    return {
      viewport: { width: innerWidth, height: innerHeight },
      pageWidth: document.documentElement.scrollWidth,
      pageHeight: document.documentElement.scrollHeight,
      self,
      strip: stripEl
        ? {
            scrolls: stripEl.dataset.scrolls === 'true',
            tileWidths: [...stripEl.querySelectorAll('[data-testid="video-tile"]')].map((t) => Math.round(t.getBoundingClientRect().width)),
            scrollWidth: stripEl.scrollWidth,
            clientWidth: stripEl.clientWidth
          }
        : null,
      tiles: tiles.length,
      overlaps,
      outside,
      covered,
      tilesOverControls
    };
  });
interface LinkNow {
  peer: string;
  userId: string;
  state: string;
  ice?: string;
  connection?: string;
  /** Video tracks on the remote stream the tile plays (null: no stream). */
  streamVideo: number | null;
  frames?: number;
  transceivers?: string[];
}

interface MeshTraceEvent {
  t: number;
  event: string;
  peer: string;
  [detail: string]: unknown;
}

/** What one page's mesh holds now (every link's state, frames and stream) and its trace (see CAPTURE_PEER_CONNECTIONS). */
export const meshNow = (page: Page) =>
  page.evaluate(async () => {
    const trace = (window as any).__meshTrace as { events: MeshTraceEvent[]; mesh?: any } | undefined;
    const mesh = trace?.mesh;
    if (!mesh) return null;
    const snapshot = mesh.snapshot();
    const pcs = mesh.peerConnections() as Map<string, RTCPeerConnection>;
    const links: LinkNow[] = [];
    for (const peer of snapshot.peers) {
      const pc = pcs.get(peer.peerId);
      let frames: number | undefined;
      if (pc) {
        (await pc.getStats()).forEach((stat: any) => {
          if (stat.type === 'inbound-rtp' && stat.kind === 'video') frames = (frames ?? 0) + (stat.framesDecoded ?? 0);
        });
      }
      links.push({
        peer: peer.peerId,
        userId: peer.userId,
        state: peer.state,
        ice: pc?.iceConnectionState,
        connection: pc?.connectionState,
        streamVideo: peer.stream ? peer.stream.getVideoTracks().length : null,
        frames,
        transceivers: pc?.getTransceivers().map((t) => `${t.receiver.track.kind}:${t.currentDirection}`)
      });
    }
    const tiles = [...document.querySelectorAll<HTMLElement>('[data-testid="video-tile"]')].map((tile) => {
      const video = tile.querySelector('video');
      return `${tile.dataset.name}${tile.dataset.self === 'true' ? ' (self)' : ''}: ${video?.srcObject ? `playing ${video.videoWidth}x${video.videoHeight}` : 'no stream'}`;
    });
    return { self: snapshot.selfPeerId as string, links, tiles, events: trace!.events };
  });

/**
 * For a run where some page did not decode every face: each page's links (state, ICE, frames, the tile's stream) and,
 * for every link that stayed dark (every link with EXPLAIN_MESH set), the trace of both its ends in time order, with
 * names in place of peer ids.
 */
export async function explainMesh(pages: Array<{ name: string; userId: string; page: Page }>): Promise<string> {
  const states = await Promise.all(pages.map(async (each) => ({ ...each, now: await meshNow(each.page).catch((error: Error) => error) })));
  const names = new Map<string, string>();
  for (const { name, now } of states) if (now && !(now instanceof Error)) names.set(now.self, name);
  const userNames = new Map(pages.map(({ name, userId }) => [userId, name]));
  const who = (peer: string) => names.get(peer) ?? peer.slice(0, 8);
  const lines: string[] = [];
  const dark = new Set<string>();
  for (const { name, now } of states) {
    if (!now || now instanceof Error) {
      lines.push(`${name}: no mesh (${now instanceof Error ? now.message : 'no trace'})`);
      continue;
    }
    lines.push(`${name} (${now.self.slice(0, 8)}): ${now.tiles.join('; ')}`);
    for (const link of now.links) {
      const other = names.get(link.peer) ?? userNames.get(link.userId) ?? link.peer.slice(0, 8);
      lines.push(`  ← ${other}: ${link.state}, ice ${link.ice}, pc ${link.connection}, stream video ${link.streamVideo}, frames ${link.frames}, ${link.transceivers?.join(' ')}`);
      if (!link.frames || process.env.EXPLAIN_MESH) dark.add([name, other].sort().join(' / '));
    }
  }
  const start = Math.min(...states.flatMap(({ now }) => (now && !(now instanceof Error) ? now.events.map((e) => e.t) : [])));
  for (const pair of dark) {
    const [a, b] = pair.split(' / ');
    lines.push(`trace of ${pair}:`);
    const events: string[] = [];
    for (const { name, now } of states) {
      if (!now || now instanceof Error || (name !== a && name !== b)) continue;
      const other = name === a ? b : a;
      for (const { t, event, peer, ...detail } of now.events) {
        if (who(peer) === other) events.push(`${((t - start) / 1000).toFixed(1).padStart(6)}s ${name} ← ${other}: ${event} ${JSON.stringify(detail)}`);
      }
    }
    lines.push(...events.sort((x, y) => Number.parseFloat(x) - Number.parseFloat(y)));
  }
  return lines.join('\n');
}

/** Per page: calls made (by reason), calls refused as glare, connections lost, and links decoding out of links held. */
export async function meshSummary(pages: Array<{ name: string; page: Page }>): Promise<Record<string, string>> {
  const summary: Record<string, string> = {};
  for (const { name, page } of pages) {
    const now = await meshNow(page).catch(() => null);
    if (!now) {
      summary[name] = 'no mesh';
      continue;
    }
    const count = (predicate: (e: MeshTraceEvent) => boolean) => now.events.filter(predicate).length;
    const reasons = new Map<string, number>();
    for (const e of now.events) if (e.event === 'call') reasons.set(String(e.reason), (reasons.get(String(e.reason)) ?? 0) + 1);
    const decoding = now.links.filter((link) => (link.frames ?? 0) > 0).length;
    summary[name] =
      `decoding ${decoding}/${now.links.length}; calls ${[...reasons].map(([reason, n]) => `${reason} ${n}`).join(', ') || 'none'}; ` +
      `refused ${count((e) => e.event === 'incoming refused')}; answered ${count((e) => e.event === 'incoming answered')}; lost ${count((e) => e.event === 'lost')}`;
  }
  return summary;
}

/** Where one element is on the first screen, as the person sees it without scrolling anything. */
export interface FirstScreen {
  /** All of it inside the viewport and not cut off by a panel that clips it. */
  whole: boolean;
  /** Nothing else lies over its centre. */
  uncovered: boolean;
  /** How far the page and the panels around it have been scrolled to show it (0: nothing was scrolled). */
  scrolledBy: number;
  box: { top: number; bottom: number; left: number; right: number };
}

/** Measures `locator`'s element against the first screen (see FirstScreen): the side room's box, a pair's first answer. */
export const onFirstScreen = (locator: { evaluate<T>(fn: (el: Element) => T): Promise<T> }): Promise<FirstScreen> =>
  locator.evaluate((el) => {
    (globalThis as any).__name ??= (fn: unknown) => fn;
    const r = el.getBoundingClientRect();
    let seen = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    let scrolledBy = 0;
    for (let p = el.parentElement; p; p = p.parentElement) {
      scrolledBy += p.scrollTop + p.scrollLeft;
      const style = getComputedStyle(p);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const c = p.getBoundingClientRect();
      seen = { left: Math.max(seen.left, c.left), top: Math.max(seen.top, c.top), right: Math.min(seen.right, c.right), bottom: Math.min(seen.bottom, c.bottom) };
    }
    const inViewport = r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
    const uncut = seen.right - seen.left >= r.width - 1 && seen.bottom - seen.top >= r.height - 1;
    const top = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    return {
      whole: inViewport && uncut,
      uncovered: !!top && (el.contains(top) || top.contains(el)),
      scrolledBy,
      box: { top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left), right: Math.round(r.right) }
    };
  });
