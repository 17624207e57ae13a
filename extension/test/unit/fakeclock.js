// A manual clock for the scheduler's injected timers.
'use strict';

class FakeClock {
  constructor() {
    this.now = 0;
    this.nextId = 1;
    this.timers = new Map();
  }

  setTimeout(fn, ms) {
    const id = this.nextId++;
    this.timers.set(id, { fn, at: this.now + ms });
    return id;
  }

  clearTimeout(id) {
    this.timers.delete(id);
  }

  // Moves time forward, running due timers in order, and lets promise callbacks run between them.
  async tick(ms) {
    const end = this.now + ms;
    for (;;) {
      await settle();
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = end;
    await settle();
  }
}

async function settle() {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

// A promise whose resolution the test controls, standing in for a request in flight.
function deferred() {
  let resolve;
  const promise = new Promise((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

module.exports = { FakeClock, deferred, settle };
