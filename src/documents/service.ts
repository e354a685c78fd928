import type { Language } from "../i18n.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import { type DocumentInput, fillDocument } from "./fill.ts";
import { renderDocumentPdf } from "./pdf.ts";
import { type DocumentKind, type DocumentTemplate, loadDocumentTemplates } from "./templates.ts";

/** A produced document: the PDF and the name to send it under. */
export interface ProducedDocument {
  fileName: string;
  pdf: Buffer;
}

/** The documents Qoldau fills in, shared by the bot, the console and the CLI. */
export interface DocumentService {
  /** Templates offered for a service (official first), empty when none. */
  templatesFor(serviceId: string): DocumentTemplate[];
  /** Services with at least one template. */
  services(): string[];
  produce(
    serviceId: string,
    kind: DocumentKind,
    lang: Language,
    input: DocumentInput,
  ): Promise<ProducedDocument>;
}

export async function createDocumentService(
  catalogue: Catalogue,
  options: { fontDir?: string; cacheDir?: string | undefined } = {},
): Promise<DocumentService> {
  const templates = await loadDocumentTemplates(catalogue, { cacheDir: options.cacheDir });
  const order = { official: 0, plain: 1 } as const;
  const templatesFor = (serviceId: string) =>
    templates.filter((t) => t.service === serviceId).sort((a, b) => order[a.kind] - order[b.kind]);
  return {
    templatesFor,
    services: () => [...new Set(templates.map((t) => t.service))],
    async produce(serviceId, kind, lang, input) {
      const template = templatesFor(serviceId).find((t) => t.kind === kind);
      if (!template) throw new Error(`no ${kind} document for ${serviceId}`);
      const filled = fillDocument(template, input, lang, catalogue);
      return { fileName: filled.fileName, pdf: await renderDocumentPdf(filled, options.fontDir) };
    },
  };
}
