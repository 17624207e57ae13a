// The options page sets the service and the level that asks; the popup shows status and counts.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.js');

const { OPTS, DRAFTS: { RULES_ONLY } } = h;

const s = h.session();

test('options: defaults, test connection, refuse a remote address, save', OPTS, async () => {
  const page = await s.browser.open(`chrome-extension://${s.browser.extensionId}/options/options.html`);
  const url = page.getByLabel('PostGuard service address');
  await page.waitForFunction(() => document.getElementById('serviceUrl').value !== '');
  assert.equal(await url.inputValue(), 'http://127.0.0.1:8765');
  assert.equal(await page.getByLabel('Ask me before posting when the risk is').inputValue(), 'high');
  assert.equal(await page.getByRole('checkbox', { name: /^X/ }).isChecked(), true);
  assert.equal(await page.getByRole('checkbox', { name: /^Facebook/ }).isChecked(), true);

  await url.fill('https://postguard.example.org');
  await page.getByRole('button', { name: 'Save' }).click();
  assert.match(await page.locator('#save-result').textContent(), /Not saved/);
  assert.equal((await s.browser.storage()).serviceUrl, undefined);

  await url.fill(`${s.service.url}/`);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.locator('#test-result.good').waitFor();
  const expectedModel = s.service.health.model ? `model ${s.service.health.model.version}` : 'degraded';
  assert.match(await page.locator('#test-result').textContent(), new RegExp(`Connected.*${expectedModel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

  await page.getByLabel('Ask me before posting when the risk is').selectOption('low');
  await page.getByRole('checkbox', { name: /^Facebook/ }).uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#save-result.good').waitFor();
  const stored = await s.browser.storage();
  assert.equal(stored.serviceUrl, s.service.url);
  assert.equal(stored.askLevel, 'low');
  assert.deepEqual(stored.sites, { x: true, facebook: false });
  await h.screenshot(page, 'options');
  await page.close();
});

test('the saved level applies on X, the disabled site is left alone, the popup counts', OPTS, async () => {
  const x = await s.browser.open('https://x.com/home');
  await h.compose(x, '[data-testid="tweetTextarea_0"]', RULES_ONLY);
  await h.waitForBadge(x, 'Post text', { risk: 'low' });
  await x.locator('[data-testid="tweetButtonInline"]').click();
  const ui = h.ui(x, 'Post text');
  await ui.dialog.waitFor({ state: 'visible' });
  await ui.dialog.getByRole('button', { name: 'Edit my post' }).click();

  const fb = await s.browser.open('https://www.facebook.com/');
  await h.compose(fb, '#post-editor', RULES_ONLY);
  await fb.waitForTimeout(800);
  assert.equal(await fb.locator('postguard-ui').count(), 0, 'Facebook is switched off');
  await fb.getByRole('button', { name: 'Post', exact: true }).click();
  assert.deepEqual(await h.published(fb), [RULES_ONLY]);

  const popup = await s.browser.open(`chrome-extension://${s.browser.extensionId}/popup/popup.html`);
  await popup.locator('#status.good, #status.warn').waitFor();
  if (s.service.health.model) assert.equal(await popup.locator('#model').textContent(), s.service.health.model.version);
  assert.equal(await popup.locator('#warnings').textContent(), '1');
  assert.equal(await popup.locator('#paused').textContent(), '1');
  assert.equal(await popup.locator('#postedAnyway').textContent(), '0');
  await popup.setViewportSize({ width: 320, height: 300 });
  await h.screenshot(popup, 'popup');
  await Promise.all([x.close(), fb.close(), popup.close()]);
});
