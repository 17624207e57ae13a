'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const risk = require('../../lib/risk.js');

const ok = (level, findings = [{ severity: level }]) => ({ status: 'ok', result: { risk: level, findings } });

test('atLeast compares levels; "none" never asks', () => {
  assert.equal(risk.atLeast('high', 'high'), true);
  assert.equal(risk.atLeast('medium', 'high'), false);
  assert.equal(risk.atLeast('medium', 'medium'), true);
  assert.equal(risk.atLeast('low', 'low'), true);
  assert.equal(risk.atLeast('none', 'low'), false);
  assert.equal(risk.atLeast('high', 'none'), false);
  assert.equal(risk.maxRisk(['low', 'high', 'medium']), 'high');
  assert.equal(risk.maxRisk([]), 'none');
});

test('the gate asks at or above the chosen level', () => {
  assert.equal(risk.gateDecision([ok('high')], 'high'), 'ask');
  assert.equal(risk.gateDecision([ok('medium')], 'high'), 'allow');
  assert.equal(risk.gateDecision([ok('medium')], 'medium'), 'ask');
  assert.equal(risk.gateDecision([ok('low')], 'medium'), 'allow');
  assert.equal(risk.gateDecision([ok('low')], 'low'), 'ask');
  assert.equal(risk.gateDecision([ok('none', [])], 'low'), 'allow');
});

test('the gate waits for a pending check, then fails open', () => {
  assert.equal(risk.gateDecision([{ status: 'pending' }], 'high'), 'wait');
  assert.equal(risk.gateDecision([{ status: 'pending' }], 'high', { final: true }), 'allow');
  assert.equal(risk.gateDecision([{ status: 'pending' }, ok('high')], 'high'), 'ask', 'any box at risk asks at once');
});

test('the gate never blocks because the service is down or failed', () => {
  assert.equal(risk.gateDecision([{ status: 'unreachable' }], 'low'), 'allow');
  assert.equal(risk.gateDecision([{ status: 'error', code: 'forbidden_origin' }], 'low'), 'allow');
  assert.equal(risk.gateDecision([{ status: 'empty' }], 'low'), 'allow');
  assert.equal(risk.gateDecision([], 'low'), 'allow');
});

test('findings of several boxes are collected most severe first', () => {
  const a = ok('low', [{ category: 'personal_data', severity: 'low' }]);
  const b = ok('high', [{ category: 'pupil_images', severity: 'high' }]);
  assert.deepEqual(risk.collectFindings([a, { status: 'unreachable' }, b]).map((f) => f.category), [
    'pupil_images',
    'personal_data',
  ]);
});

test('summaries say what a person needs to know', () => {
  const high = risk.summarize(ok('high', [{}, {}]));
  assert.equal(high.tone, 'high');
  assert.equal(high.short, 'High risk · 2');
  assert.match(high.sentence, /high risk, 2 possible policy issues/);
  assert.equal(risk.summarize(ok('low', [{}])).sentence, 'PostGuard: low risk, 1 possible policy issue.');
  assert.equal(risk.summarize(ok('none', [])).tone, 'none');
  const down = risk.summarize({ status: 'unreachable' });
  assert.equal(down.tone, 'down');
  assert.equal(down.short, 'PostGuard is not running');
  assert.match(down.sentence, /not blocked/);
  assert.match(risk.summarize({ status: 'error', message: 'Origin not allowed' }).sentence, /Origin not allowed/);
  assert.equal(risk.summarize({ status: 'empty' }).tone, 'idle');
});

test('the policy question is clause 8.2 word for word', () => {
  assert.match(risk.POLICY_QUESTION, /^If this conversation became public knowledge could it raise questions about my integrity/);
  assert.match(risk.POLICY_QUESTION, /bring the school into disrepute\?$/);
});
