// The options page: the user's settings in storage.local; anything IT set in managed storage is
// shown but locked.
'use strict';
const api = globalThis.browser || globalThis.chrome;
const { DEFAULTS, loadSettings, normalizeServiceUrl } = globalThis.PostGuard.settings;

const form = document.getElementById('form');
const urlInput = document.getElementById('serviceUrl');
const askSelect = document.getElementById('askLevel');
const siteBoxes = [...document.querySelectorAll('input[name="site"]')];
const testResult = document.getElementById('test-result');
const saveResult = document.getElementById('save-result');

function lock(element, managed) {
  element.disabled = managed;
  element.title = managed ? "Set by your school's IT team" : '';
}

async function show() {
  const { settings, managed, problems } = await loadSettings(api);
  urlInput.value = settings.serviceUrl;
  askSelect.value = settings.askLevel;
  lock(urlInput, managed.includes('serviceUrl'));
  lock(askSelect, managed.includes('askLevel'));
  for (const box of siteBoxes) {
    box.checked = settings.sites[box.value] !== false;
    lock(box, managed.includes(`sites.${box.value}`));
  }
  document.getElementById('managed-note').hidden = !managed.length;
  const list = document.getElementById('problems');
  list.replaceChildren(...problems.map((p) => Object.assign(document.createElement('li'), { textContent: p })));
  list.hidden = !problems.length;
}

function describeHealth(outcome, url) {
  if (outcome.status === 'unreachable') {
    return { ok: false, text: `Not reachable at ${url}. Is the PostGuard service running? Start it with "postguard serve".` };
  }
  if (outcome.status !== 'ok') return { ok: false, text: `The service answered with an error: ${outcome.message}` };
  const { status, version, model, reason } = outcome.result;
  const modelText = model ? `model ${model.version}` : 'no classifier model';
  if (status === 'degraded') {
    return { ok: true, text: `Connected (PostGuard ${version}), but degraded: ${reason || 'the classifier is not loaded'}. Rule checks still work.` };
  }
  return { ok: true, text: `Connected: PostGuard ${version}, ${modelText}.` };
}

document.getElementById('test').addEventListener('click', async () => {
  const url = normalizeServiceUrl(urlInput.value);
  if (!url) {
    testResult.className = 'result bad';
    testResult.textContent = 'Use an address on this computer, such as http://127.0.0.1:8765.';
    return;
  }
  testResult.className = 'result';
  testResult.textContent = 'Testing…';
  const outcome = await api.runtime.sendMessage({ type: 'health', serviceUrl: url });
  const { ok, text } = describeHealth(outcome, url);
  testResult.className = `result ${ok ? 'good' : 'bad'}`;
  testResult.textContent = text;
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const url = urlInput.value.trim() ? normalizeServiceUrl(urlInput.value) : DEFAULTS.serviceUrl;
  if (!url) {
    saveResult.className = 'result bad';
    saveResult.textContent = 'Not saved: the service address must be http://127.0.0.1:PORT or http://localhost:PORT.';
    urlInput.focus();
    return;
  }
  const sites = Object.fromEntries(siteBoxes.map((box) => [box.value, box.checked]));
  await api.storage.local.set({ serviceUrl: url, askLevel: askSelect.value, sites });
  saveResult.className = 'result good';
  saveResult.textContent = 'Saved.';
  await show();
});

show();
