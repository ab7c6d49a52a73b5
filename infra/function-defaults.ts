/**
 * Settings a function gets when its manifest entry sets none. The CDK stack and the local runtime
 * both read them here, so a function times out after the same time in both.
 */

/** Seconds a function may run (Lambda's own default is 3; ours is the stack's). */
export const DEFAULT_TIMEOUT_SECONDS = 10;
