// PostGuard fails open, visibly: with the service stopped the badge says so, and posting works.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.js');

const { OPTS, DRAFTS: { PUPIL_IMAGES } } = h;

const BOX = '[data-testid="tweetTextarea_0"]';
const LABEL = 'Post text';

// Ask at the lowest level, so that only a service that is down can explain posts going through.
const s = h.session({ askLevel: 'low' });

test('with the service stopped the badge says "not running" and posting works', OPTS, async () => {
  const page = await s.browser.open('https://x.com/home');
  await h.compose(page, BOX, 'Off to the shops');
  await h.waitForBadge(page, LABEL, { risk: 'none' });

  await s.service.stop();
  await page.keyboard.type(` then ${PUPIL_IMAGES}`);
  await h.waitForBadge(page, LABEL, { state: 'unreachable' });
  const ui = h.ui(page, LABEL);
  assert.equal((await ui.badge.textContent()).trim(), 'PostGuard is not running');
  await ui.badge.click();
  assert.match(await ui.panel.textContent(), /postguard serve/);
  assert.match(await ui.panel.textContent(), /posting works as usual/);
  assert.match(await h.announced(page, LABEL), /not running.*Posting is not blocked/);
  await h.screenshot(page, 'service-down');
  await ui.badge.click();

  await page.locator('[data-testid="tweetButtonInline"]').click();
  await page.locator('#timeline .published').first().waitFor({ timeout: 3000 });
  assert.deepEqual(await h.published(page), [`Off to the shops then ${PUPIL_IMAGES}`]);
  assert.equal(await ui.dialog.count(), 0);

  // A submit made straight after typing (the check still pending) is not blocked either.
  await page.locator(BOX).click();
  await page.keyboard.type(PUPIL_IMAGES);
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => document.querySelectorAll('#timeline .published').length === 2, null, { timeout: 3000 });
  assert.equal(await ui.dialog.count(), 0);

  const popup = await s.browser.open(`chrome-extension://${s.browser.extensionId}/popup/popup.html`);
  await popup.locator('#status.bad').waitFor();
  assert.match(await popup.locator('#status').textContent(), /PostGuard is not running/);
  await page.close();
  await popup.close();
});
