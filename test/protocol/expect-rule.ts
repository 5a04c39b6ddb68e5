/**
 * Test helpers: assert that a call breaks a named protocol rule.
 *
 * Every checker and state-machine test asserts on the rule's name (the stable contract), not on
 * the message wording.
 */
import type { Test } from 'tap';
import { ProtocolError, type ProtocolRule } from '../../src/protocol/errors.js';

/** Asserts that `fn` throws a `ProtocolError` for `rule`; returns the error for further checks. */
export function throwsRule(t: Test, fn: () => unknown, rule: ProtocolRule, what = `breaks ${rule}`): ProtocolError | undefined {
  try {
    fn();
  } catch (error) {
    return checkRule(t, error, rule, what);
  }
  t.fail(`${what}: expected ProtocolError ${rule}, nothing was thrown`);
  return undefined;
}

/** Asserts that `promise` rejects with a `ProtocolError` for `rule`. */
export async function rejectsRule(t: Test, promise: Promise<unknown>, rule: ProtocolRule, what = `breaks ${rule}`): Promise<ProtocolError | undefined> {
  try {
    await promise;
  } catch (error) {
    return checkRule(t, error, rule, what);
  }
  t.fail(`${what}: expected ProtocolError ${rule}, the promise resolved`);
  return undefined;
}

function checkRule(t: Test, error: unknown, rule: ProtocolRule, what: string): ProtocolError | undefined {
  if (!(error instanceof ProtocolError)) {
    t.fail(`${what}: expected ProtocolError ${rule}, got ${String(error)}`);
    return undefined;
  }
  t.equal(error.rule, rule, what);
  return error;
}
