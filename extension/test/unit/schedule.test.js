'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { CheckScheduler, debounce, snapshotKey } = require('../../lib/schedule.js');
const { FakeClock, deferred, settle } = require('./fakeclock.js');

function ok(risk) {
  return { status: 'ok', result: { risk, findings: [] } };
}

// A box whose text the test sets, and a service whose answers the test releases one by one.
function rig({ delay = 400 } = {}) {
  const clock = new FakeClock();
  const box = { text: '', attachments: { images: 0, videos: 0 } };
  const requests = [];
  const shown = [];
  const scheduler = new CheckScheduler({
    delay,
    timers: clock,
    read: () => ({ text: box.text, attachments: { ...box.attachments } }),
    send: (snapshot) => {
      const d = deferred();
      requests.push({ snapshot, answer: d.resolve });
      return d.promise;
    },
    onOutcome: (current) => shown.push({ text: current.snapshot.text, outcome: current.outcome }),
  });
  const type = (text) => {
    box.text = text;
    scheduler.touch();
  };
  return { clock, box, requests, shown, scheduler, type };
}

test('debounce runs once, with the last arguments, after the pause', async () => {
  const clock = new FakeClock();
  const calls = [];
  const d = debounce((x) => calls.push(x), 400, clock);
  d(1);
  await clock.tick(399);
  d(2);
  await clock.tick(399);
  assert.deepEqual(calls, []);
  assert.equal(d.pending(), true);
  await clock.tick(1);
  assert.deepEqual(calls, [2]);
  d(3);
  d.cancel();
  await clock.tick(1000);
  assert.deepEqual(calls, [2]);
});

test('typing sends one request about 400 ms after the last keystroke', async () => {
  const r = rig();
  for (const text of ['l', 'lo', 'loo', 'look']) {
    r.type(text);
    await r.clock.tick(100);
  }
  assert.equal(r.requests.length, 0);
  await r.clock.tick(299);
  assert.equal(r.requests.length, 0);
  await r.clock.tick(1);
  assert.equal(r.requests.length, 1);
  assert.equal(r.requests[0].snapshot.text, 'look');
  r.requests[0].answer(ok('low'));
  await settle();
  assert.deepEqual(r.shown.map((s) => s.text), ['look']);
});

test('at most one request is in flight; the latest draft goes next', async () => {
  const r = rig();
  r.type('first');
  await r.clock.tick(400);
  r.type('second');
  await r.clock.tick(400);
  r.type('third');
  await r.clock.tick(400);
  assert.equal(r.requests.length, 1, 'second and third wait for the first answer');
  r.requests[0].answer(ok('high'));
  await settle();
  assert.equal(r.requests.length, 2);
  assert.equal(r.requests[1].snapshot.text, 'third');
  assert.deepEqual(r.shown, [], 'the answer for "first" is stale and dropped');
  assert.equal(r.scheduler.stats.dropped, 1);
  r.requests[1].answer(ok('none'));
  await settle();
  assert.deepEqual(r.shown.map((s) => [s.text, s.outcome.result.risk]), [['third', 'none']]);
});

test('an answer arriving after more typing is dropped, then the new text is checked', async () => {
  const r = rig();
  r.type('risky words');
  await r.clock.tick(400);
  r.type('risky words, edited');
  r.requests[0].answer(ok('high'));
  await settle();
  assert.deepEqual(r.shown, []);
  await r.clock.tick(400);
  assert.equal(r.requests.length, 2);
  assert.equal(r.requests[1].snapshot.text, 'risky words, edited');
});

test('an answer stays fresh when the text changed and came back', async () => {
  const r = rig();
  r.type('abc');
  await r.clock.tick(400);
  r.type('abcd');
  r.type('abc');
  r.requests[0].answer(ok('medium'));
  await settle();
  assert.deepEqual(r.shown.map((s) => s.text), ['abc']);
  await r.clock.tick(400);
  assert.equal(r.requests.length, 1, 'the known answer is reused');
});

test('a blank draft is never sent', async () => {
  const r = rig();
  r.type('   ');
  await r.clock.tick(400);
  assert.equal(r.requests.length, 0);
  assert.equal(r.shown[0].outcome.status, 'empty');
  assert.deepEqual(r.scheduler.peek(), { status: 'empty' });
});

test('attachments alone are checked and change the key', async () => {
  const r = rig();
  r.box.attachments.images = 1;
  r.scheduler.touch();
  await r.clock.tick(400);
  assert.equal(r.requests.length, 1);
  assert.deepEqual(r.requests[0].snapshot.attachments, { images: 1, videos: 0 });
  assert.notEqual(snapshotKey({ text: 'a', attachments: { images: 1 } }), snapshotKey({ text: 'a', attachments: {} }));
});

test('peek is pending until the answer for exactly this text is known', async () => {
  const r = rig();
  r.type('hello');
  assert.equal(r.scheduler.peek().status, 'pending');
  await r.clock.tick(400);
  r.requests[0].answer(ok('low'));
  await settle();
  assert.equal(r.scheduler.peek().result.risk, 'low');
  r.box.text = 'hello there';
  assert.equal(r.scheduler.peek().status, 'pending', 'typed but not yet touched: still not stale-trusted');
});

test('settle sends at once, skipping the debounce, and waits for the answer', async () => {
  const r = rig();
  r.type('post me');
  const settled = r.scheduler.settle(1500);
  await settle();
  assert.equal(r.requests.length, 1, 'no 400 ms wait when the user submits');
  r.requests[0].answer(ok('high'));
  assert.equal((await settled).result.risk, 'high');
  await r.clock.tick(1000);
  assert.equal(r.requests.length, 1, 'the debounce was cancelled');
});

test('settle waits for the newer text when an older request is in flight', async () => {
  const r = rig();
  r.type('old');
  await r.clock.tick(400);
  r.type('new and risky');
  const settled = r.scheduler.settle(1500);
  r.requests[0].answer(ok('none'));
  await settle();
  assert.equal(r.requests.length, 2);
  assert.equal(r.requests[1].snapshot.text, 'new and risky');
  r.requests[1].answer(ok('high'));
  assert.equal((await settled).result.risk, 'high', 'never the stale "none"');
});

test('settle gives up after its timeout with a pending outcome', async () => {
  const r = rig();
  r.type('slow');
  const settled = r.scheduler.settle(1500);
  await r.clock.tick(1500);
  assert.equal((await settled).status, 'pending');
});

test('settle retries when the last outcome was that the service was unreachable', async () => {
  const r = rig();
  r.type('hello');
  await r.clock.tick(400);
  r.requests[0].answer({ status: 'unreachable' });
  await settle();
  assert.equal(r.shown[0].outcome.status, 'unreachable');
  const settled = r.scheduler.settle(1500);
  await settle();
  assert.equal(r.requests.length, 2);
  r.requests[1].answer(ok('none'));
  assert.equal((await settled).status, 'ok');
});

test('a send that throws becomes an error outcome', async () => {
  const clock = new FakeClock();
  const shown = [];
  const s = new CheckScheduler({
    timers: clock,
    read: () => ({ text: 'x', attachments: {} }),
    send: () => {
      throw new Error('Extension context invalidated.');
    },
    onOutcome: (c) => shown.push(c.outcome),
  });
  s.touch();
  await clock.tick(400);
  assert.equal(shown[0].status, 'error');
  assert.match(shown[0].message, /invalidated/);
});
