// A seal configuration that cannot be used: the message says what to fix (the CLI prints it as a usage error).
export class SealConfigError extends Error {}
