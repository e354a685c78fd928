/** Types of `build.mjs` (plain JavaScript, so that the bootstrap runs before any install). */
export function isStale(): boolean;
export function build(log?: (message: string) => void): void;
export function buildIfStale(log?: (message: string) => void): void;
/** Runs `work` holding the build lock (`.dist.lock`, or `lockDir`); a dead holder's lock is taken over. */
export function withBuildLock<T>(work: () => T, lockDir?: string): T;
