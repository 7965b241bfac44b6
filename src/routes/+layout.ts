// Pages render in the browser and read everything through /api: one API for pages, tests and other clients.
export const ssr = false;
export const prerender = false;
