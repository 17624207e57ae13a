// Settings: defaults, then the user's choices (storage.local), then IT's (storage.managed), which win.
(function (root, factory) {
  const mod = factory();
  if (typeof module === 'object' && module.exports) module.exports = mod;
  else (root.PostGuard = root.PostGuard || {}).settings = mod;
})(globalThis, function () {
  'use strict';

  const DEFAULTS = Object.freeze({
    serviceUrl: 'http://127.0.0.1:8765',
    sites: Object.freeze({ x: true, facebook: true }),
    askLevel: 'high',
  });
  const KEYS = Object.keys(DEFAULTS);
  const SITES = Object.keys(DEFAULTS.sites);
  const ASK_LEVELS = ['low', 'medium', 'high'];
  // Drafts only ever go to a service on this computer: the extension has host permission for nothing else.
  const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

  // A usable service URL without its trailing slash, or null.
  function normalizeServiceUrl(value) {
    if (typeof value !== 'string' || !value.trim()) return null;
    let url;
    try {
      url = new URL(value.trim());
    } catch {
      return null;
    }
    if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) return null;
    if (url.username || url.password || url.search || url.hash) return null;
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  }

  // Keeps the valid keys of one source; problems name what was ignored and why.
  function sanitize(source, origin) {
    const clean = {};
    const problems = [];
    if (!source || typeof source !== 'object') return { clean, problems };
    if ('serviceUrl' in source) {
      const url = normalizeServiceUrl(source.serviceUrl);
      if (url) clean.serviceUrl = url;
      else problems.push(`${origin} serviceUrl ignored: use http://127.0.0.1:PORT or http://localhost:PORT`);
    }
    if ('askLevel' in source) {
      if (ASK_LEVELS.includes(source.askLevel)) clean.askLevel = source.askLevel;
      else problems.push(`${origin} askLevel ignored: use one of ${ASK_LEVELS.join(', ')}`);
    }
    if ('sites' in source) {
      const sites = source.sites;
      if (sites && typeof sites === 'object') {
        for (const site of SITES) {
          if (!(site in sites)) continue;
          if (typeof sites[site] === 'boolean') (clean.sites = clean.sites || {})[site] = sites[site];
          else problems.push(`${origin} sites.${site} ignored: use true or false`);
        }
      } else {
        problems.push(`${origin} sites ignored: use an object such as {"x": true, "facebook": true}`);
      }
    }
    return { clean, problems };
  }

  // Returns {settings, managed: keys that IT has fixed (for sites, "sites.x" style), problems}.
  function mergeSettings(local, managedSource) {
    const user = sanitize(local, 'Saved');
    const it = sanitize(managedSource, 'Managed');
    const settings = {
      serviceUrl: it.clean.serviceUrl || user.clean.serviceUrl || DEFAULTS.serviceUrl,
      askLevel: it.clean.askLevel || user.clean.askLevel || DEFAULTS.askLevel,
      sites: { ...DEFAULTS.sites, ...(user.clean.sites || {}), ...(it.clean.sites || {}) },
    };
    const managed = [];
    if (it.clean.serviceUrl) managed.push('serviceUrl');
    if (it.clean.askLevel) managed.push('askLevel');
    for (const site of Object.keys(it.clean.sites || {})) managed.push(`sites.${site}`);
    return { settings, managed, problems: [...user.problems, ...it.problems] };
  }

  async function readManaged(api) {
    try {
      return (await api.storage.managed.get()) || {};
    } catch {
      // Firefox rejects when no policy is installed; Chrome answers {}.
      return {};
    }
  }

  async function loadSettings(api) {
    const [local, managed] = await Promise.all([api.storage.local.get(KEYS), readManaged(api)]);
    return mergeSettings(local, managed);
  }

  return { ASK_LEVELS, DEFAULTS, KEYS, SITES, loadSettings, mergeSettings, normalizeServiceUrl };
});
