// Facebook: a risky post with a photo, Post held until "Post anyway", a comment that sends on
// Enter, and the Post button reached by keyboard.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.js');

const { OPTS, DRAFTS: { PUPIL_IMAGES, RULES_ONLY } } = h;

const POST_BOX = '#post-editor';
const POST_LABEL = "What's on your mind, Sam?";
const COMMENT_BOX = '#comment-editor';
const COMMENT_LABEL = 'Write a comment…';

const s = h.session({ askLevel: 'high' });

test('a risky post with a photo shows its findings, the attached image among them', OPTS, async () => {
  const page = await s.browser.open('https://www.facebook.com/');
  await page.getByRole('button', { name: 'Photo/video' }).click();
  await h.compose(page, POST_BOX, PUPIL_IMAGES);
  await h.waitForBadge(page, POST_LABEL, { risk: 'high' });
  // The fixture re-renders the emoji as <img alt>: the text read back is still the typed text.
  assert.equal(await page.locator(`${POST_BOX} img[alt="😍"]`).count(), 1);
  const ui = h.ui(page, POST_LABEL);
  await ui.panel.waitFor({ state: 'visible' });
  const findings = await h.panelFindings(page, POST_LABEL);
  const categories = findings.map((f) => f.category);
  assert.ok(categories.includes('pupil_images'), categories.join());
  assert.ok(categories.includes('image_attached'), 'the photo preview was counted and sent');
  assert.ok(findings.every((f) => f.title && f.meta.includes('policy clause') && f.message && f.guidance));
  const marks = await h.highlighted(page);
  assert.ok(marks.high.length > 0, 'matched words are marked');
  await h.screenshot(page, 'facebook-panel');
  await page.close();
});

test('Post is held at high risk and goes through after "Post anyway"', OPTS, async () => {
  const page = await s.browser.open('https://www.facebook.com/');
  await page.getByRole('button', { name: 'Photo/video' }).click();
  await h.compose(page, POST_BOX, PUPIL_IMAGES);
  await h.waitForBadge(page, POST_LABEL, { risk: 'high' });
  const ui = h.ui(page, POST_LABEL);
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  await ui.dialog.waitFor({ state: 'visible' });
  assert.match(await ui.dialog.textContent(), /could it bring the school into disrepute\?/);
  await h.screenshot(page, 'facebook-dialog');
  assert.deepEqual(await h.published(page), []);
  assert.deepEqual(await h.postAnyway(page, ui.dialog), [PUPIL_IMAGES]);
  assert.equal(await page.locator('#timeline .published').getAttribute('data-images'), '1');
  await page.close();
});

test('a comment sends on Enter: held at ask level low, kept by "Edit my post"', OPTS, async () => {
  await s.browser.setSettings({ askLevel: 'low' });
  try {
    const page = await s.browser.open('https://www.facebook.com/');
    await h.compose(page, COMMENT_BOX, RULES_ONLY);
    await h.waitForBadge(page, COMMENT_LABEL, { risk: 'low' });
    const ui = h.ui(page, COMMENT_LABEL);
    await page.keyboard.press('Enter');
    await ui.dialog.waitFor({ state: 'visible' });
    await ui.dialog.getByRole('button', { name: 'Edit my post' }).click();
    await ui.dialog.waitFor({ state: 'detached' });
    assert.equal(await page.locator('#comments li').count(), 0);
    assert.equal(await page.locator(COMMENT_BOX).evaluate((box) => box.innerText.trim()), RULES_ONLY);
    await page.keyboard.press('Enter');
    await ui.dialog.waitFor({ state: 'visible' });
    await ui.dialog.getByRole('button', { name: 'Post anyway' }).click();
    await page.locator('#comments li').first().waitFor();
    assert.deepEqual(await page.locator('#comments li').allTextContents(), [RULES_ONLY]);
    await page.close();
  } finally {
    await s.browser.setSettings({ askLevel: 'high' });
  }
});

test('the Post button reached and pressed by keyboard is held too', OPTS, async () => {
  const page = await s.browser.open('https://www.facebook.com/');
  await h.compose(page, POST_BOX, PUPIL_IMAGES);
  await h.waitForBadge(page, POST_LABEL, { risk: 'high' });
  await page.getByRole('button', { name: 'Post', exact: true }).focus();
  await page.keyboard.press('Enter');
  const ui = h.ui(page, POST_LABEL);
  await ui.dialog.waitFor({ state: 'visible' });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await ui.dialog.waitFor({ state: 'detached' });
  assert.deepEqual(await h.published(page), [PUPIL_IMAGES], 'Tab reaches "Post anyway"; Enter on it publishes');
  await page.close();
});
