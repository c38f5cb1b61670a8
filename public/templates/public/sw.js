// The citizen site's service worker: the catalogue, the service pages and the form shell open
// without a connection. Pages come from the network first (fresh when online) and from the
// cache when the network fails; the static files come from the cache of this version.
// Only the pages below are stored; any other citizen page says plainly that it needs a
// connection when there is none. Officer screens are left alone.
const CACHE = "layanan-{{ version }}";
const PAGES = [/^\/$/, /^\/layanan\/[a-z0-9-]+$/, /^\/layanan\/[a-z0-9-]+\/ajukan$/];
const ASSETS = /^\/aset\//;
const PRECACHED = ["/", {% for url in assets %}"{{ url }}"{{ ", " if not loop.last }}{% endfor %}];
const OFFLINE_PAGE = `<!doctype html><html lang="id"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ _('Tidak ada koneksi') }}</title>
<body style="font-family:sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem">
<h1>{{ _('Tidak ada koneksi') }}</h1>
<p>{{ _('Halaman ini belum tersimpan di perangkat Anda. Daftar layanan dan halaman yang pernah Anda buka tetap dapat dibuka tanpa koneksi.') }}</p>
<p><a href="/">{{ _('Buka daftar layanan') }}</a></p></body></html>`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHED)).catch(() => null)
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(
    names.filter((name) => name.startsWith("layanan-") && name !== CACHE)
      .map((name) => caches.delete(name)))).then(() => self.clients.claim()));
});

function storable(response) {
  return response && response.ok && response.type === "basic" &&
    !/no-store|private/.test(response.headers.get("Cache-Control") || "");
}

async function pageFromNetwork(request, kept) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (kept && storable(response)) { await cache.put(request, response.clone()); }
    return response;
  } catch (error) {
    const cached = await cache.match(request, {ignoreSearch: false});
    return cached || new Response(OFFLINE_PAGE, {
      status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
  }
}

async function assetFromCache(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) { return cached; }
  const response = await fetch(request);
  if (storable(response)) { await cache.put(request, response.clone()); }
  return response;
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (ASSETS.test(url.pathname)) {
    event.respondWith(assetFromCache(event.request));
  } else if (event.request.mode === "navigate" && !url.pathname.startsWith("/admin")) {
    event.respondWith(pageFromNetwork(event.request,
                                      PAGES.some((page) => page.test(url.pathname))));
  }
});
