// The lab's password is a canary: it must never show up in anything the tool prints or writes.
import assert from 'node:assert/strict';

/** The password of every lab account; distinctive so a leak is unmistakable. */
export const CANARY_PASSWORD = 'Canary-7Qx-pw';

/** The forms a leaked password could take in output: as is, URL-encoded, base64. */
export function canaryForms(password: string = CANARY_PASSWORD): string[] {
  const forms = [password, encodeURIComponent(password), Buffer.from(password).toString('base64')];
  return [...new Set(forms)];
}

/** Fails naming `what` when `text` holds the password in any of its forms. */
export function assertNoCanary(text: string, what = 'output', password: string = CANARY_PASSWORD): void {
  for (const form of canaryForms(password)) {
    assert.ok(!text.includes(form), `${what} leaks the password (found ${JSON.stringify(form)})`);
  }
}

/** True when `text` holds the password in any of its forms. */
export function containsCanary(text: string, password: string = CANARY_PASSWORD): boolean {
  return canaryForms(password).some((form) => text.includes(form));
}

/**
 * The 4-character pieces of `password` found in `output` that `allowed` (the input's parts that
 * are not the password, the tool's own words) does not hold: each is a piece of the password
 * that only a leak can have put there.
 */
export function leakedFragments(output: string, password: string, allowed = '', size = 4): string[] {
  const chars = [...password];
  const leaks = new Set<string>();
  if (chars.length < size && output.includes(password) && !allowed.includes(password)) leaks.add(password);
  for (let i = 0; i + size <= chars.length; i++) {
    const piece = chars.slice(i, i + size).join('');
    if (output.includes(piece) && !allowed.includes(piece)) leaks.add(piece);
  }
  return [...leaks];
}

/** Fails naming `what` and the pieces when `output` holds any piece of `password` that `allowed` does not. */
export function assertNoFragment(output: string, password: string, what = 'output', allowed = ''): void {
  const leaks = leakedFragments(output, password, allowed);
  assert.deepEqual(leaks, [], `${what} holds pieces of the password ${JSON.stringify(password)}: ${JSON.stringify(leaks)}\n${output.slice(0, 2000)}`);
}
