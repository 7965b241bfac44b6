/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
/**
 * The service worker: keeps the app shell so that, after one visit, the notes pages open with no network.
 *
 * - Install: caches the built app (JS/CSS), the static files and the notes page shell, in a cache named after this
 *   build's version; activate deletes every older cache.
 * - Navigations: network first (a fresh page whenever the server answers), cached copy when offline. Pages carry no
 *   data (they render in the browser and read /api), so a cached page holds no health data. Any /notes/* address
 *   falls back to the notes shell, which routes in the browser.
 * - /api/* is never cached or answered from a cache: notes data lives only in IndexedDB, encrypted.
 * - Built assets and static files: from the cache, falling back to the network.
 */
import { build, files, version } from '$service-worker';

const worker = self as unknown as ServiceWorkerGlobalScope;

const CACHE = `gst-shell-${version}`;
const NOTES_SHELL = '/notes';
const APP_FILES = [...build, ...files];
const ASSETS = new Set(APP_FILES);

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll([...APP_FILES, NOTES_SHELL]);
      await worker.skipWaiting();
    })()
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await worker.clients.claim();
    })()
  );
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  if (isNeverCached(url.pathname)) return;
  if (request.mode === 'navigate') event.respondWith(navigation(request, url));
  else if (ASSETS.has(url.pathname)) event.respondWith(asset(request));
});

/** API answers (health data) and live connections never touch the cache. */
function isNeverCached(pathname: string): boolean {
  return ['/api', '/collab', '/peerjs'].some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

async function navigation(request: Request, url: URL): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
    return response;
  } catch {
    const cached = (await cache.match(request, { ignoreSearch: true })) ?? (isNotesPage(url.pathname) ? await cache.match(NOTES_SHELL) : undefined);
    return cached ?? offlinePage();
  }
}

async function asset(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  return (await cache.match(request)) ?? fetch(request);
}

const isNotesPage = (pathname: string) => pathname === NOTES_SHELL || pathname.startsWith(`${NOTES_SHELL}/`);

function offlinePage(): Response {
  return new Response(
    '<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
      '<title>Offline</title><p>You are offline and this page was not saved on this device. ' +
      '<a href="/notes">Your notes</a> open without the internet.</p>',
    { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } }
  );
}
