// Local time with its UTC offset (for the working-hours rule) and today's counters.
(function (root, factory) {
  const mod = factory();
  if (typeof module === 'object' && module.exports) module.exports = mod;
  else (root.PostGuard = root.PostGuard || {}).time = mod;
})(globalThis, function () {
  'use strict';

  function pad(n, width = 2) {
    return String(Math.trunc(Math.abs(n))).padStart(width, '0');
  }

  // "2026-11-24T10:42:05+00:00": the wall-clock time here, and how far it is from UTC.
  function localIsoWithOffset(date = new Date()) {
    const offset = -date.getTimezoneOffset();
    const sign = offset >= 0 ? '+' : '-';
    return (
      `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
      `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
      `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
    );
  }

  function localDay(date = new Date()) {
    return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }

  const COUNTERS = ['warnings', 'paused', 'postedAnyway'];

  // Today's counts (numbers only: never what was written). A new day starts from zero.
  function todayStats(stored, day) {
    const fresh = { day, warnings: 0, paused: 0, postedAnyway: 0 };
    if (!stored || stored.day !== day) return fresh;
    for (const name of COUNTERS) fresh[name] = Number.isInteger(stored[name]) ? stored[name] : 0;
    return fresh;
  }

  function bumpStats(stored, counter, day) {
    const stats = todayStats(stored, day);
    if (COUNTERS.includes(counter)) stats[counter] += 1;
    return stats;
  }

  return { COUNTERS, bumpStats, localDay, localIsoWithOffset, todayStats };
});
