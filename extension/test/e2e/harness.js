// End-to-end harness: the real PostGuard service as a child process, Debian's Chromium with the
// extension loaded, and fixture pages served under the real site names by Playwright routing.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { findChromium } = require('./chromium.js');

const EXTENSION_DIR = path.resolve(__dirname, '..', '..');
const REPO_ROOT = path.resolve(EXTENSION_DIR, '..');
const ARTIFACTS = path.join(EXTENSION_DIR, 'test', 'artifacts');
const FIXTURES = path.join(__dirname, 'fixtures');
const PYTHON = process.env.POSTGUARD_PYTHON || path.join(REPO_ROOT, '.venv', 'bin', 'python');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

// The real service with a school config and a one-pupil roster, on a free loopback port.
async function startService() {
  if (!fs.existsSync(PYTHON)) {
    throw new Error(`PostGuard's Python not found at ${PYTHON}: create the venv (python3 -m venv .venv && .venv/bin/pip install -e '.[test]') or set POSTGUARD_PYTHON.`);
  }
  const dir = tempDir('postguard-e2e-service-');
  fs.writeFileSync(path.join(dir, 'roster.csv'), 'first_name,last_name,year_group\nJayden,Smith,6\n');
  fs.writeFileSync(
    path.join(dir, 'config.toml'),
    '[school]\nname = "St Matthew\'s Primary School"\naliases = ["St Matthew\'s", "SMPS"]\n\n[roster]\npupils = "roster.csv"\n',
  );
  const port = await freePort();
  const env = { ...process.env, POSTGUARD_CONFIG: path.join(dir, 'config.toml'), XDG_DATA_HOME: path.join(dir, 'data') };
  const child = spawn(PYTHON, ['-m', 'service', 'serve', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // If this test process ends without its after() hook (a crash, Ctrl+C), the service goes too.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      killChild();
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    });
  }
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  let health = null;
  while (!health) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`the service did not answer on ${url} within 30 s: ${stderr}`);
    }
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) health = await response.json();
    } catch {
      await sleep(100);
    }
  }
  return {
    url,
    port,
    health,
    dataDir: path.join(dir, 'data', 'postguard'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
    // The config, roster and feedback database (which may hold a shared test draft) go with the run.
    cleanUp() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
    // Feedback rows as the service stored them (through its own Python, which has sqlite3).
    feedbackRows() {
      const db = path.join(this.dataDir, 'feedback.sqlite3');
      const out = execFileSync(PYTHON, ['-c',
        'import json, sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.row_factory = sqlite3.Row; ' +
        'print(json.dumps([dict(r) for r in c.execute("SELECT * FROM feedback ORDER BY rowid")]))', db]);
      return JSON.parse(out.toString());
    },
  };
}

function fixture(name) {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

// Chromium with the extension; `settings` go into storage.local before any page opens.
async function launch({ settings = {} } = {}) {
  const userDataDir = tempDir('postguard-e2e-profile-');
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    viewport: { width: 1200, height: 800 },
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-proxy-server',
    ],
  });
  const worker = ctx.serviceWorkers()[0] || (await ctx.waitForEvent('serviceworker', { timeout: 15000 }));
  const extensionId = new URL(worker.url()).host;
  // A fresh profile's first managed-storage read takes seconds (the worker starts it at launch);
  // wait for it so that timings measure a browser that has been open a while, as a teacher's has.
  await worker.evaluate(() => chrome.storage.managed.get());
  await ctx.route(/^https:\/\/(x\.com|twitter\.com|www\.facebook\.com)\//, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/favicon.ico') return route.fulfill({ status: 404, body: '' });
    const page = url.hostname === 'www.facebook.com' ? 'facebook.html' : 'x.html';
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: fixture(page) });
  });
  const browser = {
    ctx,
    worker,
    extensionId,
    async setSettings(values) {
      await worker.evaluate((v) => chrome.storage.local.set(v), values);
    },
    async storage() {
      return worker.evaluate(() => chrome.storage.local.get(null));
    },
    async open(url) {
      const page = await ctx.newPage();
      await page.goto(url);
      return page;
    },
    async close() {
      await ctx.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  if (Object.keys(settings).length) await browser.setSettings(settings);
  return browser;
}

async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

// Locators for the extension's UI (Playwright's CSS pierces open shadow roots).
function ui(page, boxLabel) {
  const host = page.locator(`postguard-ui[data-postguard="badge"][data-for="${boxLabel}"]`);
  return {
    host,
    badge: host.locator('.badge'),
    panel: host.locator('.panel'),
    findings: host.locator('.finding'),
    live: host.locator('[role="status"][aria-live]'),
    dialog: page.locator('postguard-ui[data-postguard="dialog"] dialog'),
  };
}

// What the live region announces, once it says something: the panel clears it and sets the
// sentence a task later, so that a repeated sentence is announced again.
async function announced(page, boxLabel) {
  const live = ui(page, boxLabel).live.filter({ hasText: /\S/ });
  await live.waitFor({ state: 'attached', timeout: 2000 });
  return live.textContent();
}

// "Post anyway" in the held post's dialog; then what the timeline has published.
async function postAnyway(page, dialog) {
  await dialog.locator('[data-choice="post"]').click();
  await page.locator('#timeline .published').first().waitFor();
  return published(page);
}

// What the page has published (the fixture's timeline).
async function published(page) {
  return page.locator('#timeline .published').allTextContents();
}

// Registers the hooks every end-to-end file needs: the real service, then a browser with the
// extension pointed at it (with these settings; none: the extension's defaults), both torn down.
function session(settings) {
  const { before, after } = require('node:test');
  const ctx = { service: null, browser: null };
  before(async () => {
    ctx.service = await startService();
    ctx.browser = await launch(settings ? { settings: { serviceUrl: ctx.service.url, ...settings } } : {});
  });
  after(async () => {
    if (ctx.browser) await ctx.browser.close();
    if (ctx.service) {
      await ctx.service.stop();
      ctx.service.cleanUp();
    }
  });
  return ctx;
}

// The drafts the end-to-end tests type. The shipped model's checks (tests/test_shipped_model.py)
// make sure it still flags the first two as high risk and the others not at all.
const DRAFTS = {
  PUPIL_IMAGES: 'look at my year 6 lot on the trip today 😍',
  PUPIL_CONTACT: "add me on snap, don't tell your mum we talk on here",
  RULES_ONLY: "Call 07700 900123 and ask for Jayden Smith at St Matthew's",
  BENIGN: 'Lovely sunny morning for a walk by the river',
};
const OPTS = { timeout: 30000 };

module.exports = { ARTIFACTS, DRAFTS, OPTS, EXTENSION_DIR, announced, launch, postAnyway, published, screenshot, session, sleep, startService, ui };

// Clicks into a compose box and types as a person would (real key events).
async function compose(page, selector, text) {
  await page.locator(selector).click();
  await page.keyboard.type(text);
}

// Waits until the badge of the box named `boxLabel` shows an answer with this risk ('none'...'high')
// or this state ('unreachable').
async function waitForBadge(page, boxLabel, { risk, state, timeout = 5000 }) {
  await page.waitForFunction(
    ({ label, risk: r, state: s }) => {
      const host = document.querySelector(`postguard-ui[data-postguard="badge"][data-for="${label}"]`);
      if (!host) return false;
      return (r === undefined || host.getAttribute('data-risk') === r) && (s === undefined || host.getAttribute('data-state') === s);
    },
    { label: boxLabel, risk, state },
    { timeout },
  );
}

// The words the page marks with the CSS Custom Highlight API, by severity.
async function highlighted(page) {
  return page.evaluate(() => {
    const out = {};
    for (const severity of ['low', 'medium', 'high']) {
      const h = CSS.highlights.get(`postguard-${severity}`);
      out[severity] = h ? [...h].map((r) => r.toString()).sort() : [];
    }
    return out;
  });
}

// Findings as the panel lists them.
async function panelFindings(page, boxLabel) {
  return ui(page, boxLabel).findings.evaluateAll((items) =>
    items.map((li) => ({
      category: li.dataset.category,
      severity: li.dataset.severity,
      title: li.querySelector('h3').textContent,
      meta: li.querySelector('.meta').textContent,
      message: li.querySelector('.message')?.textContent || '',
      guidance: li.querySelector('.guidance')?.textContent || '',
      matched: [...li.querySelectorAll('.matched mark')].map((m) => m.textContent),
    })),
  );
}

// The words of each span of a check response, cut from the text by code points as the service counts.
function spanWords(text, findings) {
  const chars = [...text];
  return findings.flatMap((f) => f.spans.map((s) => chars.slice(s.start, s.end).join('')));
}

module.exports.compose = compose;
module.exports.highlighted = highlighted;
module.exports.panelFindings = panelFindings;
module.exports.spanWords = spanWords;
module.exports.waitForBadge = waitForBadge;
