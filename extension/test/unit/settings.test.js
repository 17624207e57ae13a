'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const settings = require('../../lib/settings.js');
const time = require('../../lib/time.js');

test('defaults: local service, both sites, ask at high risk', () => {
  const { settings: s, managed, problems } = settings.mergeSettings({}, {});
  assert.deepEqual(s, { serviceUrl: 'http://127.0.0.1:8765', sites: { x: true, facebook: true }, askLevel: 'high' });
  assert.deepEqual(managed, []);
  assert.deepEqual(problems, []);
});

test('managed storage (IT) overrides what the user saved, key by key', () => {
  const local = { serviceUrl: 'http://localhost:9000/', askLevel: 'low', sites: { x: false, facebook: false } };
  const managed = { askLevel: 'medium', sites: { facebook: true } };
  const merged = settings.mergeSettings(local, managed);
  assert.deepEqual(merged.settings, {
    serviceUrl: 'http://localhost:9000',
    askLevel: 'medium',
    sites: { x: false, facebook: true },
  });
  assert.deepEqual(merged.managed, ['askLevel', 'sites.facebook']);
});

test('service URLs off this computer or malformed are refused', () => {
  assert.equal(settings.normalizeServiceUrl('http://127.0.0.1:8765/'), 'http://127.0.0.1:8765');
  assert.equal(settings.normalizeServiceUrl(' http://localhost:8765/postguard/ '), 'http://localhost:8765/postguard');
  assert.equal(settings.normalizeServiceUrl('http://[::1]:8765'), 'http://[::1]:8765');
  assert.equal(settings.normalizeServiceUrl('https://postguard.example.org'), null);
  assert.equal(settings.normalizeServiceUrl('http://10.0.0.5:8765'), null);
  assert.equal(settings.normalizeServiceUrl('http://user:pw@127.0.0.1:8765'), null);
  assert.equal(settings.normalizeServiceUrl('not a url'), null);
  assert.equal(settings.normalizeServiceUrl(42), null);
});

test('bad managed values are ignored with a reason, falling back to the user and defaults', () => {
  const merged = settings.mergeSettings(
    { askLevel: 'low' },
    { serviceUrl: 'https://cloud.example.org', askLevel: 'always', sites: { x: 'yes' } },
  );
  assert.equal(merged.settings.serviceUrl, 'http://127.0.0.1:8765');
  assert.equal(merged.settings.askLevel, 'low');
  assert.equal(merged.settings.sites.x, true);
  assert.deepEqual(merged.managed, []);
  assert.equal(merged.problems.length, 3);
  assert.match(merged.problems[0], /^Managed serviceUrl ignored/);
});

test('loadSettings reads both areas and survives a browser without managed storage', async () => {
  const api = {
    storage: {
      local: { get: async () => ({ askLevel: 'medium' }) },
      managed: { get: async () => Promise.reject(new Error('Managed storage manifest not found')) },
    },
  };
  const { settings: s } = await settings.loadSettings(api);
  assert.equal(s.askLevel, 'medium');
});

test('client_time is local wall-clock time with its UTC offset', () => {
  const saved = process.env.TZ;
  try {
    for (const [tz, offset] of [['UTC', '+00:00'], ['Asia/Kolkata', '+05:30'], ['America/St_Johns', '-03:30']]) {
      process.env.TZ = tz;
      const date = new Date(Date.UTC(2026, 10, 24, 10, 42, 5, 678));
      const iso = time.localIsoWithOffset(date);
      assert.match(iso, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
      assert.equal(iso.slice(-6), offset, tz);
      assert.equal(new Date(iso).getTime(), Date.UTC(2026, 10, 24, 10, 42, 5), `${tz}: same instant`);
    }
    process.env.TZ = 'Europe/London';
    assert.equal(time.localIsoWithOffset(new Date(Date.UTC(2026, 6, 1, 9, 0, 0))), '2026-07-01T10:00:00+01:00');
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});

test("today's counters are numbers only and restart each day", () => {
  let stats = time.bumpStats(undefined, 'warnings', '2026-11-24');
  stats = time.bumpStats(stats, 'warnings', '2026-11-24');
  stats = time.bumpStats(stats, 'paused', '2026-11-24');
  stats = time.bumpStats(stats, 'nonsense', '2026-11-24');
  assert.deepEqual(stats, { day: '2026-11-24', warnings: 2, paused: 1, postedAnyway: 0 });
  assert.deepEqual(time.todayStats(stats, '2026-11-25'), { day: '2026-11-25', warnings: 0, paused: 0, postedAnyway: 0 });
  assert.match(time.localDay(new Date(2026, 0, 5)), /^2026-01-05$/);
});
