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
