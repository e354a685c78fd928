import { readFile } from "node:fs/promises";
import type { TemplateLine as TemplateLineLike } from "../knowledge/schemas.ts";
import type { FilledDocument } from "./fill.ts";

/**
 * Debian's fonts-dejavu-core (installed by `scripts/bootstrap.mjs`): an open serif face with
 * every Kazakh letter (ә ғ қ ң ө ұ ү һ і). The 14 standard PDF fonts are Latin-only, so a font
 * must be embedded; pdfkit embeds only the glyphs used.
 */
export const DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu";

/** Font files read once per process (about 700 KB each); pdfkit parses and subsets them. */
const fonts = new Map<string, Promise<Buffer>>();
function fontBytes(file: string): Promise<Buffer> {
  let found = fonts.get(file);
  if (!found) {
    found = readFile(file);
    // A missing font is reported on every attempt, not cached as a failure.
    found.catch(() => fonts.delete(file));
    fonts.set(file, found);
  }
  return found;
}

const mm = 72 / 25.4;

/**
 * Keeps "3-сынып", "3-го" and "№ 45" on one line: a non-breaking hyphen after a figure and a
 * no-break space after №.
 */
const keepTogether = (text: string) =>
  text.replace(/(\d)-(?=\p{L})/gu, "$1\u2011").replace(/№ /g, "№\u00A0");
/** Office paper margins: left 30 mm (binding), right 15 mm, top and bottom 20 mm. */
const margins = { top: 20 * mm, bottom: 20 * mm, left: 30 * mm, right: 15 * mm };
const bodySize = 12;
const hintSize = 8.5;

/** Starts loading pdfkit in the background (when a parent starts a form), so the PDF is quick. */
export function preloadPdf(): void {
  import("pdfkit").catch(() => {});
}

/**
 * Lays a filled document out on one A4 page the way Kazakh office applications look: the
 * addressee block in the right half at the top, the title centred, the body justified with a
 * first-line indent, the attached documents, then the date on the left and the signature on the
 * right of one line.
 */
export async function renderDocumentPdf(
  document: FilledDocument,
  fontDir: string = DEFAULT_FONT_DIR,
): Promise<Buffer> {
  // pdfkit takes about a second to import on a busy machine: loaded on the first document, not
  // when the bot, the console or the CLI start.
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({
    size: "A4",
    margins,
    info: { Title: document.title },
    lang: document.lang === "kk" ? "kk-KZ" : "ru-RU",
  } as PDFKit.PDFDocumentOptions);
  doc.registerFont("regular", await fontBytes(`${fontDir}/DejaVuSerif.ttf`));
  doc.registerFont("bold", await fontBytes(`${fontDir}/DejaVuSerif-Bold.ttf`));
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const pageWidth = doc.page.width - margins.left - margins.right;
  const blockX = margins.left + pageWidth * 0.5;
  const blockWidth = pageWidth * 0.5;

  const lineWithHint = (line: TemplateLineLike, x: number, width: number) => {
    doc
      .font("regular")
      .fontSize(bodySize)
      .text(keepTogether(line.text), x, doc.y, { width, align: "left" });
    if (line.hint)
      doc.fontSize(hintSize).text(line.hint, x, doc.y, { width, align: "center" }).moveDown(0.3);
  };

  doc.y = margins.top;
  if (document.corner.length > 0) {
    doc.font("regular").fontSize(9);
    for (const line of document.corner)
      doc.text(line, blockX, doc.y, { width: blockWidth, align: "right" });
    doc.moveDown(1.5);
  }
  for (const line of document.addressee) lineWithHint(line, blockX, blockWidth);

  doc.moveDown(2.5);
  doc
    .font("bold")
    .fontSize(bodySize + 1)
    .text(document.title, margins.left, doc.y, { width: pageWidth, align: "center" });
  doc.moveDown(1.2);

  const official = document.body.some((line) => line.hint);
  for (const line of document.body) {
    if (official) {
      lineWithHint(line, margins.left, pageWidth);
    } else {
      doc
        .font("regular")
        .fontSize(bodySize)
        .text(keepTogether(line.text), margins.left, doc.y, {
          width: pageWidth,
          align: "justify",
          indent: 12.5 * mm,
          lineGap: 3,
        });
      doc.moveDown(0.5);
    }
  }

  if (document.attachments) {
    doc.moveDown(1);
    doc.font("regular").fontSize(bodySize).text(document.attachments.title, margins.left, doc.y, {
      width: pageWidth,
    });
    document.attachments.items.forEach((item, i) => {
      doc.text(`${i + 1}) ${item}.`, margins.left + 12.5 * mm, doc.y, {
        width: pageWidth - 12.5 * mm,
        lineGap: 2,
      });
    });
  }

  doc.moveDown(3);
  const y = doc.y;
  doc.font("regular").fontSize(bodySize);
  doc.text(document.date, margins.left, y, { width: pageWidth * 0.5, align: "left" });
  doc.text(document.signature, blockX, y, { width: blockWidth, align: "right" });

  doc.end();
  return done;
}
