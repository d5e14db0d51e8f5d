/**
 * What the sandbox can be told to lack (setting sandbox.without, env SANDBOX_WITHOUT), so that the app can be
 * seen with a provider that does not report it: "cost" (no price preview and no price on send), "balance",
 * "status" (no delivery reports: a message stays «Отправлено»).
 */
export const SANDBOX_FEATURES = ['cost', 'balance', 'status'] as const;
export type SandboxFeature = (typeof SANDBOX_FEATURES)[number];
