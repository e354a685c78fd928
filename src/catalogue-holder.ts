import type { I18n } from "@grammyjs/i18n";
import { answerMessages } from "./answers/messages.ts";
import { type AnswerConfig, type AnswerService, createAnswerService } from "./answers/service.ts";
import { type CentreHours, createCentreHours } from "./calendar/centre-hours.ts";
import { createWorkingTime, type WorkingTime } from "./calendar/working-time.ts";
import { buildServiceCard, type ServiceCard } from "./cards/service-card.ts";
import type { Config } from "./config.ts";
import { createDocumentService, type DocumentService } from "./documents/service.ts";
import {
  type AdmissionWindowOverride,
  type ResolvedAdmissionWindow,
  resolveAdmissionWindow,
} from "./knowledge/admission-windows.ts";
import { type Catalogue, loadCatalogue } from "./knowledge/catalogue.ts";
import type { AdmissionKind } from "./knowledge/schemas.ts";
import { type SynonymAddition, withSynonymAdditions } from "./knowledge/synonym-additions.ts";
import type { Logger } from "./logger.ts";

/**
 * The catalogue and everything derived from it, as one value that never changes: a reload
 * builds a new snapshot and swaps it in whole, so no reader mixes a new catalogue with an old
 * search index or old working hours.
 */
export interface CatalogueSnapshot {
  /** Grows by one at every swap (catalogue reload or new administrators' windows). */
  readonly version: number;
  readonly catalogue: Catalogue;
  /** Answers and search over this catalogue (its passage index is built once per catalogue). */
  readonly answers: AnswerService;
  /** Working hours and holidays of this catalogue: deadlines, "open now". */
  readonly workingTime: WorkingTime;
  /** When 1414 operators take conversations from the bot: this calendar and the centre's hours. */
  readonly centreHours: CentreHours;
  /** The application documents whose templates were checked against this catalogue. */
  readonly documents: DocumentService;
  /** The administrators' admission windows (database) that win over the catalogue's. */
  readonly admissionWindowOverrides: readonly AdmissionWindowOverride[];
  /** The admission window in effect for a kind and year (override, configured or assumed). */
  admissionWindow(kind: AdmissionKind, year: number): ResolvedAdmissionWindow | undefined;
  /** The service card at `at`, memoised per minute (deadlines change by the minute at most). */
  serviceCard(serviceId: string, at: Date): ServiceCard | undefined;
}

/** Why the snapshot changed: a new catalogue, or only the administrators' windows. */
export type ReloadCause = "catalogue" | "admission-windows";

export type ReloadListener = (snapshot: CatalogueSnapshot, cause: ReloadCause) => void;

/**
 * Holds the current snapshot. Every transport (bot, console, CLI, workers) calls `current()`
 * on each use and never keeps a snapshot across requests. Listeners hear every swap: another
 * instance's reload can be relayed here by calling `reload()`, and a local one published.
 */
export interface CatalogueHolder {
  current(): CatalogueSnapshot;
  /**
   * Loads `KNOWLEDGE_DIR` and the administrators' windows again and swaps the snapshot. A
   * catalogue that does not validate throws `KnowledgeError` and the current one stays.
   */
  reload(): Promise<CatalogueSnapshot>;
  /**
   * Reloads only the administrators' windows: after one is set here, or when another process
   * (the CLI) announced one through `catalogue-sync.ts`.
   */
  refreshAdmissionWindows(): Promise<CatalogueSnapshot>;
  /** Calls `listener` after each swap; returns the unsubscribe function. */
  onReload(listener: ReloadListener): () => void;
  /** Forgets every listener (shutdown). */
  stop(): void;
}

/** How the answer service for a catalogue is built; tests replace it (a slow or failing one). */
export type AnswerServiceFactory = (
  catalogue: Catalogue,
  admissionWindowOverrides: () => readonly AdmissionWindowOverride[],
) => AnswerService;

export interface CatalogueHolderOptions {
  config: Pick<Config, "KNOWLEDGE_DIR"> & Partial<Pick<Config, "CACHE_DIR">> & AnswerConfig;
  logger: Logger;
  /** The app's Fluent loader: the answers' messages come from it. */
  i18n: I18n;
  /** The administrators' windows from the database (`listAdmissionWindowOverrides(db)`). */
  loadAdmissionWindowOverrides(): Promise<readonly AdmissionWindowOverride[]>;
  answers?: AnswerServiceFactory;
  /**
   * The phrasings administrators approved (database), merged into the synonyms at each load:
   * they go live with a reload, without a release.
   */
  loadSynonymAdditions?(): Promise<readonly SynonymAddition[]>;
}

/** A card holds "open now" and today's deadline: rebuilt once a minute at most. */
function memoiseCards(
  catalogue: Catalogue,
  workingTime: WorkingTime,
): CatalogueSnapshot["serviceCard"] {
  let minute = -1;
  const cards = new Map<string, ServiceCard | undefined>();
  return (serviceId, at) => {
    const atMinute = Math.floor(at.getTime() / 60_000);
    if (atMinute !== minute) {
      cards.clear();
      minute = atMinute;
    }
    if (!cards.has(serviceId))
      cards.set(serviceId, buildServiceCard(catalogue, workingTime, serviceId, at));
    return cards.get(serviceId);
  };
}

/** Loads the catalogue and the administrators' windows, and returns the holder of both. */
export async function createCatalogueHolder(
  options: CatalogueHolderOptions,
): Promise<CatalogueHolder> {
  const { config, logger } = options;
  const listeners = new Set<ReloadListener>();
  const messages = answerMessages(options.i18n);
  // The answer service reads the windows of whichever snapshot is current: a new window does
  // not rebuild the search index, and an answer never sees windows its snapshot does not hold.
  const currentOverrides = () => snapshot.admissionWindowOverrides;
  const answersFor =
    options.answers ??
    ((catalogue, overrides) =>
      createAnswerService({
        catalogue,
        config,
        logger: logger.child({ component: "answers" }),
        admissionWindowOverrides: overrides,
        messages,
      }));

  const answersOf = new WeakMap<CatalogueSnapshot, () => AnswerService>();
  /**
   * The first snapshot's answer service is built at its first use (a question, a search):
   * its search index was a fair share of a start, and /healthz needs none of it.
   */
  const lazyAnswers = (catalogue: Catalogue): (() => AnswerService) => {
    let built: AnswerService | undefined;
    return () => {
      built ??= answersFor(catalogue, currentOverrides);
      return built;
    };
  };

  const build = (
    version: number,
    catalogue: Catalogue,
    overrides: readonly AdmissionWindowOverride[],
    documents: DocumentService,
    derived?: {
      answers: () => AnswerService;
      workingTime: WorkingTime;
      serviceCard: CatalogueSnapshot["serviceCard"];
      centreHours: CentreHours;
    },
  ): CatalogueSnapshot => {
    const workingTime =
      derived?.workingTime ?? createWorkingTime(catalogue.calendar, catalogue.workingHours);
    const answers = derived?.answers ?? lazyAnswers(catalogue);
    const centreHours =
      derived?.centreHours ?? createCentreHours(catalogue.calendar, catalogue.centreSchedule);
    const serviceCard = derived?.serviceCard ?? memoiseCards(catalogue, workingTime);
    const snapshot: CatalogueSnapshot = Object.freeze({
      version,
      catalogue,
      get answers() {
        return answers();
      },
      workingTime,
      centreHours,
      documents,
      admissionWindowOverrides: overrides,
      admissionWindow: (kind: AdmissionKind, year: number) =>
        resolveAdmissionWindow(catalogue, kind, year, overrides),
      serviceCard,
    });
    answersOf.set(snapshot, answers);
    return snapshot;
  };

  const swap = (next: CatalogueSnapshot, cause: ReloadCause) => {
    snapshot = next;
    for (const listener of listeners) {
      try {
        listener(next, cause);
      } catch (error) {
        logger.warn({ err: (error as Error).message, cause }, "catalogue reload listener failed");
      }
    }
    return next;
  };

  const loadOverrides = async (previous: readonly AdmissionWindowOverride[]) => {
    try {
      return await options.loadAdmissionWindowOverrides();
    } catch (error) {
      logger.warn(
        { err: (error as Error).message },
        "admission-window overrides not reloaded, keeping the previous ones",
      );
      return previous;
    }
  };

  let additions: readonly SynonymAddition[] = [];
  const loadMerged = async () => {
    const loaded = await loadCatalogue(config.KNOWLEDGE_DIR, { cacheDir: config.CACHE_DIR });
    if (!options.loadSynonymAdditions) return loaded;
    try {
      additions = await options.loadSynonymAdditions();
    } catch (error) {
      logger.warn(
        { err: (error as Error).message },
        "approved phrasings not reloaded, keeping the previous ones",
      );
    }
    const merged = withSynonymAdditions(loaded, additions);
    if (merged.skipped.length > 0)
      logger.warn(
        { skipped: merged.skipped.length },
        "approved phrasings left out: unknown group or known term",
      );
    return merged.catalogue;
  };

  const first = await loadMerged();
  let snapshot: CatalogueSnapshot = build(
    1,
    first,
    await loadOverrides([]),
    await createDocumentService(first),
  );

  const refreshAdmissionWindows = async () => {
    const overrides = await loadOverrides(snapshot.admissionWindowOverrides);
    const same = JSON.stringify(overrides) === JSON.stringify(snapshot.admissionWindowOverrides);
    if (same) return snapshot;
    // Named one by one: spreading the snapshot would read `answers` and build the index.
    const previous = snapshot;
    const derived = {
      answers: answersOf.get(previous) ?? (() => previous.answers),
      workingTime: previous.workingTime,
      serviceCard: previous.serviceCard,
      centreHours: previous.centreHours,
    };
    return swap(
      build(snapshot.version + 1, snapshot.catalogue, overrides, snapshot.documents, derived),
      "admission-windows",
    );
  };

  return {
    current: () => snapshot,
    async reload() {
      const catalogue = await loadMerged();
      const overrides = await loadOverrides(snapshot.admissionWindowOverrides);
      const documents = await createDocumentService(catalogue);
      const built = build(snapshot.version + 1, catalogue, overrides, documents);
      // Built before the swap: no reader pays for the new index, and one that cannot be built
      // leaves the current catalogue in place.
      void built.answers;
      const next = swap(built, "catalogue");
      logger.info(
        { version: next.version, services: catalogue.services.length },
        "catalogue reloaded",
      );
      return next;
    },
    refreshAdmissionWindows,
    onReload(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () => listeners.clear(),
  };
}
