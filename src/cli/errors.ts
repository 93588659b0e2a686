/** Bad usage or unparseable input: exit 2 with this one-line message (what and where). */
export class UsageError extends Error {}

export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;
