import { z } from "zod";
import type { Stage } from "../applications/stages.ts";
import { isStage } from "../applications/stages.ts";
import { CircuitBreaker } from "./circuit-breaker.ts";

/** Why an information system did not answer; decides whether the lookup retries. */
export class ExternalSystemError extends Error {
  override readonly name = "ExternalSystemError";
  constructor(
    readonly system: string,
    readonly kind:
      | "timeout"
      | "server_error"
      | "network"
      | "circuit_open"
      | "bad_response"
      | "unknown_status",
    message: string,
  ) {
    super(`${system}: ${message}`);
  }

  /** A status we cannot map will not map on the next attempt either. */
  get retryable(): boolean {
    return this.kind !== "unknown_status";
  }
}

const responseSchema = z.object({
  status: z.string().min(1),
  updatedAt: z.string().min(1),
  refusalGround: z.number().int().nonnegative().nullable().optional(),
});

export interface ExternalStatus {
  stage: Stage;
  stageAt: string;
  refusalGround: number | null;
}

export interface InformationSystemAdapter {
  name: string;
  /** `undefined` when the system does not know the application (yet). */
  fetchStatus(externalRef: string): Promise<ExternalStatus | undefined>;
  breakerState(): "closed" | "open" | "half_open";
}

export interface AdapterOptions {
  name: string;
  /**
   * The system's status codes → stages, from the catalogue (`knowledge/organisations.yaml`),
   * read at each answer so a catalogue reload reaches the adapter.
   */
  statuses: () => Readonly<Record<string, string>>;
  baseUrl: string;
  timeoutMs: number;
  /** Extra attempts inside one lookup attempt, with exponential backoff. */
  retries: number;
  backoffMs?: number;
  breakerThreshold?: number;
  breakerOpenMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An adapter for one system, configured by URL: `GET <baseUrl>/applications/<ref>`. */
export function createInformationSystemAdapter(options: AdapterOptions): InformationSystemAdapter {
  const breaker = new CircuitBreaker(
    options.breakerThreshold ?? 5,
    options.breakerOpenMs ?? 10_000,
  );
  const base = options.baseUrl.replace(/\/+$/, "");

  async function once(externalRef: string): Promise<ExternalStatus | undefined> {
    if (!breaker.tryAcquire())
      throw new ExternalSystemError(options.name, "circuit_open", "circuit open");
    let response: Response;
    try {
      response = await fetch(`${base}/applications/${encodeURIComponent(externalRef)}`, {
        signal: AbortSignal.timeout(options.timeoutMs),
        headers: { accept: "application/json" },
      });
    } catch (error) {
      breaker.failure();
      const timedOut =
        (error as Error).name === "TimeoutError" || (error as Error).name === "AbortError";
      throw new ExternalSystemError(
        options.name,
        timedOut ? "timeout" : "network",
        timedOut ? `no answer within ${options.timeoutMs} ms` : (error as Error).message,
      );
    }
    if (response.status === 404) {
      breaker.success();
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      breaker.failure();
      await response.body?.cancel();
      throw new ExternalSystemError(options.name, "server_error", `HTTP ${response.status}`);
    }
    const parsed = responseSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      breaker.failure();
      throw new ExternalSystemError(options.name, "bad_response", "unexpected response body");
    }
    breaker.success();
    // A status missing from the catalogue is a contract change on their side: reported, never guessed.
    const mapped = options.statuses()[parsed.data.status];
    const stage = isStage(mapped) ? mapped : undefined;
    if (!stage)
      throw new ExternalSystemError(
        options.name,
        "unknown_status",
        `unknown status ${parsed.data.status}`,
      );
    return {
      stage,
      stageAt: parsed.data.updatedAt,
      refusalGround: parsed.data.refusalGround ?? null,
    };
  }

  return {
    name: options.name,
    breakerState: () => breaker.state,
    async fetchStatus(externalRef) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await once(externalRef);
        } catch (error) {
          const retry =
            error instanceof ExternalSystemError &&
            error.retryable &&
            error.kind !== "circuit_open" &&
            attempt < options.retries;
          if (!retry) throw error;
          await sleep((options.backoffMs ?? 100) * 2 ** attempt);
        }
      }
    },
  };
}

/** `<system>=http://127.0.0.1:4001,<other>=http://127.0.0.1:4002` → name → URL. */
export function parseSystemsSetting(value: string | undefined): Map<string, string> {
  const systems = new Map<string, string>();
  for (const pair of (value ?? "").split(",")) {
    const [name, url] = pair.split("=").map((part) => part.trim());
    if (name && url) systems.set(name, url);
  }
  return systems;
}
