/** Types of `build.mjs` (plain JavaScript, so that the bootstrap runs before any install). */
export function isStale(): boolean;
export function build(log?: (message: string) => void): void;
export function buildIfStale(log?: (message: string) => void): void;
