// The only code that talks to the PostGuard service. Content scripts, the popup and the options
// page send it messages; it adds the local time, calls the service and answers with an outcome.
// Draft text passes through in memory only: it is never logged or stored here.
/* global importScripts */
'use strict';

// Chrome runs this file as a service worker (importScripts); Firefox loads the lib files first
// through "background.scripts" in the manifest.
if (typeof importScripts === 'function' && typeof window === 'undefined') {
  importScripts('lib/settings.js', 'lib/time.js', 'lib/offsets.js');
}

const api = globalThis.browser || globalThis.chrome;
const { KEYS: SETTING_KEYS, loadSettings, normalizeServiceUrl } = globalThis.PostGuard.settings;
const { bumpStats, localDay, localIsoWithOffset, todayStats } = globalThis.PostGuard.time;
const { truncateCodePoints } = globalThis.PostGuard.offsets;

const MAX_TEXT = 65536;
const TIMEOUT_MS = { check: 5000, feedback: 5000, health: 3000 };
const VERDICTS = new Set(['false_alarm', 'missed', 'helpful']);

let settingsPromise = null;
function currentSettings() {
  if (!settingsPromise) settingsPromise = loadSettings(api).then((merged) => merged.settings);
  return settingsPromise;
}
api.storage.onChanged.addListener((changes, area) => {
  if (area === 'managed' || SETTING_KEYS.some((key) => key in changes)) settingsPromise = null;
});
// Chrome's first managed-storage read on a new profile takes seconds: start it now, not at the first check.
currentSettings();

// Calls the service and returns an outcome: {status: 'ok', result} | {status: 'unreachable'} |
// {status: 'error', httpStatus, code, message}.
async function callService(path, { method = 'GET', body, timeout }, serviceUrl) {
  const base = serviceUrl || (await currentSettings()).serviceUrl;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    let response;
    try {
      response = await fetch(base + path, {
        method,
        headers: body ? { 'Content-Type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
        signal: controller.signal,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      return { status: 'unreachable', serviceUrl: base, timedOut: controller.signal.aborted };
    }
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (!response.ok) {
      const error = (data && data.error) || {};
      return {
        status: 'error',
        httpStatus: response.status,
        code: error.code || 'http_error',
        message: error.message || `the service answered HTTP ${response.status}`,
      };
    }
    if (!data || typeof data !== 'object') {
      return { status: 'error', code: 'bad_response', message: 'the service did not answer with JSON' };
    }
    return { status: 'ok', result: data };
  } catch {
    return { status: 'unreachable', serviceUrl: base, timedOut: controller.signal.aborted };
  } finally {
    clearTimeout(timer);
  }
}

function count(value) {
  return Number.isInteger(value) && value >= 0 ? Math.min(value, 100) : 0;
}

function check(message) {
  if (typeof message.text !== 'string') return { status: 'error', code: 'bad_message', message: 'no draft text' };
  const body = {
    text: truncateCodePoints(message.text, MAX_TEXT),
    client_time: localIsoWithOffset(new Date()),
  };
  if (typeof message.site === 'string') body.site = message.site;
  if (message.attachments) {
    body.attachments = { images: count(message.attachments.images), videos: count(message.attachments.videos) };
  }
  return callService('/v1/check', { method: 'POST', body, timeout: TIMEOUT_MS.check });
}

function feedback(message) {
  if (!VERDICTS.has(message.verdict)) return { status: 'error', code: 'bad_message', message: 'unknown verdict' };
  const categories = Array.isArray(message.categories) ? message.categories.filter((c) => typeof c === 'string') : [];
  const body = { verdict: message.verdict, categories, share_text: message.shareText === true };
  // The draft goes only when the user ticked "share", and only then.
  if (body.share_text && typeof message.text === 'string') body.text = truncateCodePoints(message.text, MAX_TEXT);
  if (typeof message.site === 'string') body.site = message.site;
  return callService('/v1/feedback', { method: 'POST', body, timeout: TIMEOUT_MS.feedback });
}

// Counters are read-modify-write: chain them so two warnings at once both count.
let statsChain = Promise.resolve();
function bump(counter) {
  statsChain = statsChain.then(async () => {
    const { stats } = await api.storage.local.get('stats');
    await api.storage.local.set({ stats: bumpStats(stats, counter, localDay()) });
  });
  return statsChain.then(() => ({ status: 'ok' }));
}

async function stats() {
  await statsChain;
  const { stats: stored } = await api.storage.local.get('stats');
  return { status: 'ok', result: todayStats(stored, localDay()) };
}

// The options page tests a URL before saving it, so it may name one; it must still be on this computer.
function health(message) {
  if (message.serviceUrl === undefined) return callService('/health', { timeout: TIMEOUT_MS.health });
  const url = normalizeServiceUrl(message.serviceUrl);
  if (!url) return { status: 'error', code: 'invalid_url', message: 'use http://127.0.0.1:PORT or http://localhost:PORT' };
  return callService('/health', { timeout: TIMEOUT_MS.health }, url);
}

const HANDLERS = {
  check,
  feedback,
  health,
  count: (message) => bump(message.counter),
  stats,
};

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = message && sender.id === api.runtime.id && HANDLERS[message.type];
  if (!handler) return false;
  Promise.resolve()
    .then(() => handler(message))
    .then(sendResponse, () => sendResponse({ status: 'error', code: 'extension_error', message: 'PostGuard failed' }));
  return true;
});
