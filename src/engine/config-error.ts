/** A config that cannot be used (unknown rule id, bad option): apart, so the CLI knows it without loading the schema. */
export class ConfigError extends Error {}
