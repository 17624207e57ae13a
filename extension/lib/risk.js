// Risk levels, the decision to pause before posting, and how an answer is summarised for people.
(function (root, factory) {
  const mod = factory();
  if (typeof module === 'object' && module.exports) module.exports = mod;
  else (root.PostGuard = root.PostGuard || {}).risk = mod;
})(globalThis, function () {
  'use strict';

  const LEVELS = ['none', 'low', 'medium', 'high'];

  // The policy's own question (clause 8.2), shown in the pause before posting.
  const POLICY_QUESTION =
    'If this conversation became public knowledge could it raise questions about my integrity or ' +
    'suitability to work in a school and could it bring the school into disrepute?';

  function rank(level) {
    return Math.max(LEVELS.indexOf(level), 0);
  }

  function atLeast(risk, level) {
    return rank(level) > 0 && rank(risk) >= rank(level);
  }

  function maxRisk(risks) {
    return risks.reduce((worst, r) => (rank(r) > rank(worst) ? r : worst), 'none');
  }

  // outcomes: one per compose box that a submit would publish. Returns 'allow', 'ask' or 'wait'.
  // Anything but a real answer at or above askLevel allows: PostGuard fails open when it is down,
  // and after the wait (final) an unanswered check allows too.
  function gateDecision(outcomes, askLevel, { final = false } = {}) {
    let wait = false;
    for (const outcome of outcomes) {
      if (outcome.status === 'ok' && atLeast(outcome.result.risk, askLevel)) return 'ask';
      if (outcome.status === 'pending') wait = true;
    }
    return wait && !final ? 'wait' : 'allow';
  }

  // The findings of several outcomes, most severe first (the service already sorts each list).
  function collectFindings(outcomes) {
    const findings = [];
    for (const outcome of outcomes) if (outcome.status === 'ok') findings.push(...outcome.result.findings);
    return findings.sort((a, b) => rank(b.severity) - rank(a.severity));
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
  }

  // What the badge says: tone (colour), a short label and a sentence for screen readers.
  function summarize(outcome) {
    switch (outcome.status) {
      case 'ok': {
        const { risk, findings } = outcome.result;
        if (risk === 'none' || !findings.length) {
          return { tone: 'none', short: 'OK', sentence: 'PostGuard: no policy concerns found.' };
        }
        const label = { low: 'Low risk', medium: 'Medium risk', high: 'High risk' }[risk] || 'Risk';
        return {
          tone: risk,
          short: `${label} · ${findings.length}`,
          sentence: `PostGuard: ${label.toLowerCase()}, ${plural(findings.length, 'possible policy issue')}.`,
        };
      }
      case 'unreachable':
        return {
          tone: 'down',
          short: 'PostGuard is not running',
          sentence: 'PostGuard is not running, so this draft was not checked. Posting is not blocked.',
        };
      case 'error':
        return {
          tone: 'down',
          short: 'PostGuard error',
          sentence: `PostGuard could not check this draft: ${outcome.message || 'unknown error'}. Posting is not blocked.`,
        };
      default:
        return { tone: 'idle', short: '', sentence: '' };
    }
  }

  return { LEVELS, POLICY_QUESTION, atLeast, collectFindings, gateDecision, maxRisk, rank, summarize };
});
