// The toolbar popup: is the service up, which model, and today's counts.
'use strict';
const api = globalThis.browser || globalThis.chrome;

function set(id, text, className) {
  const el = document.getElementById(id);
  el.textContent = text;
  if (className) el.className = className;
}

async function showHealth() {
  const outcome = await api.runtime.sendMessage({ type: 'health' });
  if (outcome.status === 'unreachable') {
    set('status', 'PostGuard is not running. Start it with "postguard serve" (or ask IT). Posting is not blocked.', 'status bad');
    set('model', 'unknown');
    return;
  }
  if (outcome.status !== 'ok') {
    set('status', `PostGuard service error: ${outcome.message}`, 'status bad');
    return;
  }
  const { status, model, reason } = outcome.result;
  if (status === 'ok') set('status', 'Running: your drafts are being checked.', 'status good');
  else set('status', `Running with rule checks only: ${reason || 'the classifier is not loaded'}.`, 'status warn');
  set('model', model ? model.version : 'none (rules only)');
}

async function showStats() {
  const outcome = await api.runtime.sendMessage({ type: 'stats' });
  if (outcome.status !== 'ok') return;
  for (const name of ['warnings', 'paused', 'postedAnyway']) set(name, String(outcome.result[name]));
}

document.getElementById('options').addEventListener('click', () => api.runtime.openOptionsPage());
showHealth();
showStats();
