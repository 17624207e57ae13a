// X: risky drafts are flagged within half a second of pausing, Post and Ctrl+Enter are held at
// high risk until "Post anyway", benign drafts post untouched, a Post clicked mid-check waits.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.js');

const { OPTS, DRAFTS: { PUPIL_IMAGES, PUPIL_CONTACT, RULES_ONLY, BENIGN } } = h;

const BOX = '[data-testid="tweetTextarea_0"]';
const LABEL = 'Post text';
const DM_BOX = '[data-testid="dmComposerTextInput"]';
const DM_LABEL = 'Start a new message';

const s = h.session({ askLevel: 'high' });

async function checkDirect(text) {
  const response = await fetch(`${s.service.url}/v1/check`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ text, site: 'x' }),
  });
  return response.json();
}

test('a risky post shows the right findings within half a second of pausing', OPTS, async () => {
  const page = await s.browser.open('https://x.com/home');
  // Main-world timing: the last edit, and when the badge first turned high.
  await page.evaluate(() => {
    window.pgTiming = {};
    window.addEventListener('beforeinput', () => { window.pgTiming.lastEdit = performance.now(); }, true);
    new MutationObserver(() => {
      const host = document.querySelector('postguard-ui[data-for="Post text"]');
      if (host && host.getAttribute('data-risk') === 'high' && !window.pgTiming.shown) window.pgTiming.shown = performance.now();
    }).observe(document.documentElement, { attributes: true, subtree: true, attributeFilter: ['data-risk'] });
  });
  await h.compose(page, BOX, PUPIL_IMAGES);
  await h.waitForBadge(page, LABEL, { risk: 'high' });
  const timing = await page.evaluate(() => window.pgTiming);
  const latency = timing.shown - timing.lastEdit;
  console.log(`# warning shown ${latency.toFixed(0)} ms after the last keystroke`);
  assert.ok(latency < 500, `warning took ${latency.toFixed(0)} ms`);

  const expected = await checkDirect(PUPIL_IMAGES);
  assert.equal(expected.risk, 'high', 'the service itself rates this draft high');
  const ui = h.ui(page, LABEL);
  assert.match(await ui.badge.textContent(), /High risk · \d/);
  await ui.panel.waitFor({ state: 'visible' });
  const shown = await h.panelFindings(page, LABEL);
  assert.deepEqual(shown.map((f) => f.category), expected.findings.map((f) => f.category));
  assert.ok(shown.some((f) => f.category === 'pupil_images' && f.severity === 'high'));
  expected.findings.forEach((f, i) => {
    assert.equal(shown[i].title, f.title);
    assert.match(shown[i].meta, new RegExp(`policy clause ${f.clause.replace(/[().]/g, '\\$&')}$`));
    assert.equal(shown[i].message, f.message);
    assert.equal(shown[i].guidance, `Instead: ${f.guidance}`);
  });
  // The matched words are marked in the editor, without touching its DOM.
  const marks = await h.highlighted(page);
  const all = [...marks.low, ...marks.medium, ...marks.high].sort();
  assert.deepEqual(all, h.spanWords(PUPIL_IMAGES, expected.findings).sort());
  assert.equal(await page.locator(`${BOX}`).evaluate((box) => box.innerText), PUPIL_IMAGES);
  assert.equal(await page.locator(`${BOX} postguard-ui, ${BOX} mark`).count(), 0);
  assert.match(await h.announced(page, LABEL), /high risk/);
  // The site's greedy CSS (button { font-size: 17px !important }) does not reach the badge.
  assert.equal(await ui.badge.evaluate((b) => getComputedStyle(b).fontSize), '12px');
  await h.screenshot(page, 'x-panel');
  await page.close();
});

test('Post is held at high risk; "Edit my post" is the default; "Post anyway" publishes', OPTS, async () => {
  const page = await s.browser.open('https://x.com/home');
  await h.compose(page, BOX, PUPIL_IMAGES);
  await h.waitForBadge(page, LABEL, { risk: 'high' });
  const ui = h.ui(page, LABEL);
  await page.locator('[data-testid="tweetButtonInline"]').click();
  await ui.dialog.waitFor({ state: 'visible' });
  assert.deepEqual(await h.published(page), []);
  const text = await ui.dialog.textContent();
  assert.match(text, /Pause before you post/);
  assert.match(text, /If this conversation became public knowledge could it raise questions about my integrity or suitability to work in a school and could it bring the school into disrepute\?/);
  assert.equal(await ui.dialog.getAttribute('role'), 'alertdialog');
  assert.ok(await ui.dialog.locator('li[data-category="pupil_images"]').count());
  const focused = await page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.dataset.choice);
  assert.equal(focused, 'edit');
  await h.screenshot(page, 'x-dialog');

  await page.keyboard.press('Enter');
  await ui.dialog.waitFor({ state: 'detached' });
  assert.deepEqual(await h.published(page), [], 'Edit my post: nothing published');
  assert.equal(await page.locator(BOX).evaluate((box) => box.innerText), PUPIL_IMAGES, 'the draft is intact');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'tweetTextarea_0', 'focus is back in the box');

  await page.locator('[data-testid="tweetButtonInline"]').click();
  await ui.dialog.waitFor({ state: 'visible' });
  assert.deepEqual(await h.postAnyway(page, ui.dialog), [PUPIL_IMAGES]);
  const { stats } = await s.browser.storage();
  assert.ok(stats.paused >= 2 && stats.postedAnyway >= 1 && stats.warnings >= 1, JSON.stringify(stats));
  await page.close();
});

test('Ctrl+Enter at high risk is held likewise and goes through after "Post anyway"', OPTS, async () => {
  const page = await s.browser.open('https://x.com/home');
  await h.compose(page, BOX, PUPIL_CONTACT);
  await h.waitForBadge(page, LABEL, { risk: 'high' });
  const ui = h.ui(page, LABEL);
  await page.keyboard.press('Control+Enter');
  await ui.dialog.waitFor({ state: 'visible' });
  assert.ok(await ui.dialog.locator('li[data-category="pupil_contact"]').count());
  await page.keyboard.press('Escape');
  await ui.dialog.waitFor({ state: 'detached' });
  assert.deepEqual(await h.published(page), []);
  await page.keyboard.press('Control+Enter');
  await ui.dialog.waitFor({ state: 'visible' });
  assert.deepEqual(await h.postAnyway(page, ui.dialog), [PUPIL_CONTACT]);
  await page.close();
});

test('a benign draft posts with no dialog', OPTS, async () => {
  const page = await s.browser.open('https://x.com/home');
  await h.compose(page, BOX, BENIGN);
  await h.waitForBadge(page, LABEL, { risk: 'none' });
  assert.match(await h.ui(page, LABEL).badge.textContent(), /OK/);
  await page.locator('[data-testid="tweetButtonInline"]').click();
  assert.deepEqual(await h.published(page), [BENIGN], 'published at once');
  assert.equal(await h.ui(page, LABEL).dialog.count(), 0);
  await page.close();
});

test('a Post clicked before the answer arrives waits for it (ask at: low)', OPTS, async () => {
  await s.browser.setSettings({ askLevel: 'low' });
  try {
    const page = await s.browser.open('https://x.com/home');
    await h.compose(page, BOX, RULES_ONLY);
    // No pause: the click comes inside the debounce, before any answer.
    const before = await page.locator(`postguard-ui[data-for="${LABEL}"]`).getAttribute('data-state');
    assert.notEqual(before, 'ok', 'no answer yet when Post is clicked');
    await page.locator('[data-testid="tweetButtonInline"]').click();
    const ui = h.ui(page, LABEL);
    await ui.dialog.waitFor({ state: 'visible' });
    assert.deepEqual(await h.published(page), []);
    const categories = await ui.dialog.locator('li').evaluateAll((lis) => lis.map((li) => li.dataset.category).sort());
    assert.deepEqual(categories, ['named_pupil', 'personal_data', 'school_named']);
    assert.deepEqual(await h.postAnyway(page, ui.dialog), [RULES_ONLY]);
    // The rule findings mark exactly the number, the pupil's name and the school's name.
    const marks = await h.highlighted(page);
    assert.deepEqual(marks.low, [], 'marks are cleared with the published draft');
    await page.close();
  } finally {
    await s.browser.setSettings({ askLevel: 'high' });
  }
});

test('rule findings mark the exact words, after an emoji, across re-rendered nodes', OPTS, async () => {
  const page = await s.browser.open('https://x.com/home');
  const text = `😍😍 #trip ${RULES_ONLY}`;
  await h.compose(page, BOX, text);
  await h.waitForBadge(page, LABEL, { risk: 'low' });
  assert.deepEqual((await h.highlighted(page)).low, ['07700 900123', 'Jayden Smith', "St Matthew's"]);
  const ui = h.ui(page, LABEL);
  assert.ok(await ui.panel.isHidden(), 'a low-risk answer does not open the panel by itself');
  // Keyboard: Alt+Shift+P moves to the badge and opens the panel; Escape closes it.
  await page.keyboard.press('Alt+Shift+KeyP');
  await ui.panel.waitFor({ state: 'visible' });
  assert.equal(await ui.badge.getAttribute('aria-expanded'), 'true');
  const findings = await h.panelFindings(page, LABEL);
  assert.deepEqual(findings.map((f) => f.matched[0]).sort(), ['07700 900123', 'Jayden Smith', "St Matthew's"]);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await ui.panel.waitFor({ state: 'hidden' });
  // Typing more clears the marks until the next answer.
  await page.locator(BOX).click();
  await page.keyboard.press('End');
  await page.keyboard.type(' x');
  assert.deepEqual((await h.highlighted(page)).low, []);
  await h.waitForBadge(page, LABEL, { risk: 'low' });
  await page.waitForFunction(() => CSS.highlights.get('postguard-low')?.size === 3);
  await page.close();
});

test('a DM that sends on Enter is held at high risk and sent after "Post anyway"', OPTS, async () => {
  const page = await s.browser.open('https://x.com/messages');
  await h.compose(page, DM_BOX, PUPIL_CONTACT);
  await h.waitForBadge(page, DM_LABEL, { risk: 'high' });
  const ui = h.ui(page, DM_LABEL);
  await page.keyboard.press('Enter');
  await ui.dialog.waitFor({ state: 'visible' });
  assert.equal(await page.locator('#messages li').count(), 0);
  await ui.dialog.locator('[data-choice="post"]').click();
  await page.locator('#messages li').first().waitFor();
  assert.deepEqual(await page.locator('#messages li').allTextContents(), [PUPIL_CONTACT]);
  await page.close();
});

test('"Not a problem?" sends feedback without the draft, unless the user ticks "share"', OPTS, async () => {
  const page = await s.browser.open('https://x.com/home');
  await h.compose(page, BOX, RULES_ONLY);
  await h.waitForBadge(page, LABEL, { risk: 'low' });
  const ui = h.ui(page, LABEL);
  await ui.badge.click();
  const first = ui.findings.nth(0);
  const firstCategory = await first.getAttribute('data-category');
  await first.getByRole('button', { name: 'Not a problem?' }).click();
  await first.getByText('Thanks, reported to IT.').waitFor();
  let rows = s.service.feedbackRows();
  assert.equal(rows.length, 1);
  assert.equal(rows[0].verdict, 'false_alarm');
  assert.deepEqual(JSON.parse(rows[0].categories), [firstCategory]);
  assert.equal(rows[0].text, null, 'the draft is not sent without consent');

  await ui.panel.getByRole('checkbox').check();
  const second = ui.findings.nth(1);
  await second.getByRole('button', { name: 'Not a problem?' }).click();
  await second.getByText('Thanks, reported to IT.').waitFor();
  rows = s.service.feedbackRows();
  assert.equal(rows.length, 2);
  assert.equal(rows[1].text, RULES_ONLY, 'shared when the user chose to');
  await page.close();
});

test('a reply box mounted later (single-page navigation) is found, checked and held', OPTS, async () => {
  const page = await s.browser.open('https://x.com/home');
  await page.getByRole('button', { name: 'Reply' }).click();
  assert.match(page.url(), /\/status\//);
  const REPLY = 'Post your reply';
  await h.compose(page, `[aria-label="${REPLY}"]`, PUPIL_CONTACT);
  await h.waitForBadge(page, REPLY, { risk: 'high' });
  await page.locator('[data-testid="tweetButton"]').click();
  const ui = h.ui(page, REPLY);
  await ui.dialog.waitFor({ state: 'visible' });
  await ui.dialog.locator('[data-choice="post"]').click();
  await page.locator('#timeline .reply').waitFor();
  assert.deepEqual(await page.locator('#timeline .reply').allTextContents(), [PUPIL_CONTACT]);
  // The reply composer is gone, and so is its badge.
  await ui.host.waitFor({ state: 'detached' });
  await page.close();
});
