/** Which calls a fault hits: every n-th eligible call, or each with a probability. */
export interface FaultSelector {
  everyNth?: number;
  probability?: number;
}

/** Faults switched on at run time with `server.faults.set(...)`. */
export interface FaultConfig {
  /** Added before every eligible call is handled. */
  latencyMs?: number | { min: number; max: number };
  /** 429 "Too Many Requests: retry after N" independent of the flood limits. */
  rate429?: FaultSelector & { retryAfter?: number };
  /** 5xx answers; with `deliver` the call takes effect first (the answer is lost, not the send). */
  rate5xx?: FaultSelector & { status?: number; deliver?: boolean };
  /** Hang: answer 502 after `afterMs`, or never (until the client gives up) without it. */
  timeout?: FaultSelector & { afterMs?: number; deliver?: boolean };
  /** Chats that answer 403 "Forbidden: bot was blocked by the user" (no update is queued). */
  blockedChats?: Iterable<number>;
  /** Methods the faults apply to. Default: all except getUpdates, getMe and the webhook calls. */
  methods?: string[];
}

export type FaultAction =
  | { kind: "none" }
  | { kind: "429"; retryAfter: number }
  | { kind: "5xx"; status: number; deliver: boolean }
  | { kind: "timeout"; afterMs: number | undefined; deliver: boolean };

const untouched = new Set(["getupdates", "getme", "deletewebhook", "setwebhook", "getwebhookinfo"]);

/** Deterministic with a seed so that a failing run can be replayed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private config: FaultConfig = {};
  private methods: Set<string> | null = null;
  private blocked = new Set<number>();
  private counters = { rate429: 0, rate5xx: 0, timeout: 0 };

  constructor(private readonly random: () => number) {}

  /** Replaces the whole fault configuration and restarts the every-n-th counters. */
  set(config: FaultConfig): void {
    this.config = { ...config };
    this.methods = config.methods ? new Set(config.methods.map((m) => m.toLowerCase())) : null;
    this.blocked = new Set(config.blockedChats ?? []);
    this.counters = { rate429: 0, rate5xx: 0, timeout: 0 };
  }

  clear(): void {
    this.set({});
  }

  get current(): Readonly<FaultConfig> {
    return this.config;
  }

  isBlocked(chatId: number): boolean {
    return this.blocked.has(chatId);
  }

  applies(method: string): boolean {
    return this.methods ? this.methods.has(method) : !untouched.has(method);
  }

  latency(): number {
    const l = this.config.latencyMs;
    if (l === undefined) return 0;
    if (typeof l === "number") return l;
    return l.min + this.random() * (l.max - l.min);
  }

  decide(): FaultAction {
    const { timeout, rate5xx, rate429 } = this.config;
    if (timeout && this.hit("timeout", timeout))
      return { kind: "timeout", afterMs: timeout.afterMs, deliver: timeout.deliver ?? false };
    if (rate5xx && this.hit("rate5xx", rate5xx))
      return { kind: "5xx", status: rate5xx.status ?? 500, deliver: rate5xx.deliver ?? false };
    if (rate429 && this.hit("rate429", rate429))
      return { kind: "429", retryAfter: rate429.retryAfter ?? 1 };
    return { kind: "none" };
  }

  private hit(name: keyof Faults["counters"], selector: FaultSelector): boolean {
    if (selector.everyNth !== undefined) {
      this.counters[name]++;
      return this.counters[name] % selector.everyNth === 0;
    }
    if (selector.probability !== undefined) return this.random() < selector.probability;
    return true;
  }
}
