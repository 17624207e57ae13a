// When to ask the service: debounced after typing, at most one request in flight per box,
// answers for text that has since changed are dropped.
(function (root, factory) {
  const mod = factory();
  if (typeof module === 'object' && module.exports) module.exports = mod;
  else (root.PostGuard = root.PostGuard || {}).schedule = mod;
})(globalThis, function () {
  'use strict';

  function realTimers() {
    return { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (id) => clearTimeout(id) };
  }

  function debounce(fn, wait, timers = realTimers()) {
    let timer = null;
    let lastArgs = [];
    function debounced(...args) {
      lastArgs = args;
      if (timer !== null) timers.clearTimeout(timer);
      timer = timers.setTimeout(() => {
        timer = null;
        fn(...lastArgs);
      }, wait);
    }
    debounced.cancel = () => {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    };
    debounced.pending = () => timer !== null;
    return debounced;
  }

  // A snapshot is {text, attachments: {images, videos}}; two snapshots with the same key get the same answer.
  function snapshotKey(snapshot) {
    const a = snapshot.attachments || {};
    return `${a.images || 0}:${a.videos || 0}:${snapshot.text}`;
  }

  function isBlank(snapshot) {
    const a = snapshot.attachments || {};
    return !snapshot.text.trim() && !a.images && !a.videos;
  }

  // Outcomes: {status: 'ok', result} | {status: 'unreachable'} | {status: 'error', ...} | {status: 'empty'}.
  class CheckScheduler {
    constructor({ read, send, onOutcome = () => {}, onBusy = () => {}, delay = 400, timers = realTimers() }) {
      this.read = read;
      this.send = send;
      this.onOutcome = onOutcome;
      this.onBusy = onBusy;
      this.timers = timers;
      this.version = 0;
      this.current = null;
      this.inFlight = null;
      this.queued = false;
      this.waiters = [];
      this.disposed = false;
      this.stats = { sent: 0, dropped: 0 };
      this.debounced = debounce(() => this.fire(), delay, timers);
    }

    // The draft changed: wait for a pause, then check.
    touch() {
      if (this.disposed) return;
      this.version += 1;
      this.debounced();
      this.onBusy(true);
    }

    // The answer for exactly what is in the box now, or {status: 'pending'}.
    peek() {
      const snapshot = this.read();
      if (isBlank(snapshot)) return { status: 'empty' };
      const key = snapshotKey(snapshot);
      if (this.current && this.current.key === key && this.current.outcome.status === 'ok') return this.current.outcome;
      return { status: 'pending' };
    }

    // The debounce elapsed: send the latest draft unless its answer is known or a request is out.
    fire() {
      if (this.disposed) return;
      const snapshot = this.read();
      const key = snapshotKey(snapshot);
      if (isBlank(snapshot)) {
        this.deliver({ key, snapshot, version: this.version }, { status: 'empty' });
        return;
      }
      if (this.current && this.current.key === key && this.current.outcome.status === 'ok') {
        this.onBusy(false);
        return;
      }
      if (this.inFlight) {
        if (this.inFlight.key !== key) this.queued = true;
        return;
      }
      this.dispatch(snapshot, key);
    }

    dispatch(snapshot, key) {
      const request = { key, snapshot, version: this.version };
      this.inFlight = request;
      this.stats.sent += 1;
      Promise.resolve()
        .then(() => this.send(snapshot))
        .catch((err) => ({ status: 'error', code: 'extension_error', message: String((err && err.message) || err) }))
        .then((outcome) => {
          this.inFlight = null;
          this.deliver(request, outcome);
          if (this.queued && !this.disposed) {
            this.queued = false;
            this.fire();
          }
        });
    }

    deliver(request, outcome) {
      const waiting = this.waiters.filter((w) => w.key === request.key);
      this.waiters = this.waiters.filter((w) => w.key !== request.key);
      waiting.forEach((w) => w.resolve(outcome));
      if (this.disposed) return;
      // Typing since the draft was read makes the answer stale, unless the text came back to the same.
      const fresh = request.version === this.version || snapshotKey(this.read()) === request.key;
      if (!fresh) {
        this.stats.dropped += 1;
        return;
      }
      this.current = { key: request.key, snapshot: request.snapshot, outcome };
      if (!this.debounced.pending() && !this.inFlight) this.onBusy(false);
      this.onOutcome(this.current);
    }

    // For the gate: the answer for what is in the box now, waiting at most `timeoutMs` for it.
    // Resolves to the outcome, or {status: 'pending'} when the service did not answer in time.
    settle(timeoutMs) {
      this.debounced.cancel();
      const snapshot = this.read();
      const key = snapshotKey(snapshot);
      if (isBlank(snapshot)) return Promise.resolve({ status: 'empty' });
      if (this.current && this.current.key === key && this.current.outcome.status === 'ok') {
        return Promise.resolve(this.current.outcome);
      }
      const answer = new Promise((resolve) => this.waiters.push({ key, resolve }));
      if (!this.inFlight) this.dispatch(snapshot, key);
      else if (this.inFlight.key !== key) this.queued = true;
      let timer = null;
      const timeout = new Promise((resolve) => {
        timer = this.timers.setTimeout(() => resolve({ status: 'pending' }), timeoutMs);
      });
      return Promise.race([answer, timeout]).then((outcome) => {
        this.timers.clearTimeout(timer);
        return outcome;
      });
    }

    dispose() {
      this.disposed = true;
      this.debounced.cancel();
      this.waiters.forEach((w) => w.resolve({ status: 'pending' }));
      this.waiters = [];
    }
  }

  return { CheckScheduler, debounce, isBlank, snapshotKey };
});
