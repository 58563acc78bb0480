/**
 * Draws a receipt (domain/receipt.ts) as a one-page A4 PDF with pdf-lib,
 * which runs in the Worker. Standard Helvetica only (no font to ship); a
 * character it cannot draw (an address in Gujarati) becomes `?` rather
 * than failing the receipt.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import { localTime, type Receipt, receiptMoney } from "../domain/receipt.ts";

const MARGIN = 50;
const GREY = rgb(0.4, 0.4, 0.4);
/** Where a detail's value starts, right of its label. */
const VALUE_X = 90;

/** Keeps what the font can draw; anything else becomes `?`. */
function drawable(font: PDFFont, text: string): string {
  const known = new Set(font.getCharacterSet());
  return [...text].map((c) => (known.has(c.codePointAt(0) ?? 0) ? c : "?")).join("");
}

class Sheet {
  y: number;
  readonly page: PDFPage;
  readonly regular: PDFFont;
  readonly bold: PDFFont;

  constructor(page: PDFPage, regular: PDFFont, bold: PDFFont) {
    this.page = page;
    this.regular = regular;
    this.bold = bold;
    this.y = page.getHeight() - MARGIN;
  }

  text(text: string, options: { size?: number; bold?: boolean; x?: number; grey?: boolean } = {}) {
    const font = options.bold ? this.bold : this.regular;
    this.page.drawText(drawable(font, text), {
      x: options.x ?? MARGIN,
      y: this.y,
      size: options.size ?? 10,
      font,
      ...(options.grey ? { color: GREY } : {}),
    });
  }

  /** A label on the left and an amount on the right, then the next row. */
  row(label: string, value: string, options: { bold?: boolean } = {}) {
    const font = options.bold ? this.bold : this.regular;
    const size = 10;
    const text = drawable(font, value);
    this.text(label, options);
    this.page.drawText(text, {
      x: this.page.getWidth() - MARGIN - font.widthOfTextAtSize(text, size),
      y: this.y,
      size,
      font,
    });
    this.down(16);
  }

  rule() {
    this.page.drawLine({
      start: { x: MARGIN, y: this.y + 6 },
      end: { x: this.page.getWidth() - MARGIN, y: this.y + 6 },
      thickness: 0.5,
      color: GREY,
    });
    this.down(8);
  }

  /** The text in lines no wider than `width` at 10 pt, at most `max` of them (the last cut with …). */
  wrap(text: string, width: number, max: number): string[] {
    const fits = (t: string) => this.regular.widthOfTextAtSize(drawable(this.regular, t), 10) <= width;
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (fits(next) || !line) line = next;
      else {
        lines.push(line);
        line = word;
      }
    }
    if (line) lines.push(line);
    const kept = lines.slice(0, max).map((l) => {
      let cut = l;
      while (!fits(cut) && cut.length > 1) cut = cut.slice(0, -1);
      return cut;
    });
    if (lines.length > max) kept[max - 1] = `${(kept[max - 1] ?? "").slice(0, -3)}...`;
    return kept.length > 0 ? kept : [""];
  }

  down(by: number) {
    this.y -= by;
  }
}

export async function renderReceipt(receipt: Receipt): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${receipt.title} ${receipt.number}`);
  pdf.setAuthor("Curbside");
  pdf.setCreationDate(new Date(receipt.issuedAt));
  pdf.setModificationDate(new Date(receipt.issuedAt));
  const sheet = new Sheet(
    pdf.addPage([595.28, 841.89]),
    await pdf.embedFont(StandardFonts.Helvetica),
    await pdf.embedFont(StandardFonts.HelveticaBold),
  );
  const money = (amount: number) => receiptMoney(amount, receipt.currency);

  sheet.text("Curbside", { size: 20, bold: true });
  sheet.down(24);
  sheet.text(`${receipt.title} ${receipt.number}`, { size: 13, bold: true });
  sheet.down(16);
  sheet.text(`Issued ${localTime(receipt.issuedAt, receipt.city.timezone)} - ${receipt.city.name}`, { grey: true });
  sheet.down(14);
  for (const reg of receipt.city.taxRegistrations) {
    sheet.text(`${reg.name}: ${reg.number}`, { grey: true });
    sheet.down(14);
  }
  sheet.text(`Billed to: ${receipt.customer}`);
  sheet.down(24);

  for (const [label, value] of receipt.details) {
    sheet.text(`${label}:`, { bold: true });
    // A long address wraps within the page, four lines at most.
    for (const line of sheet.wrap(value, sheet.page.getWidth() - 2 * MARGIN - VALUE_X, 4)) {
      sheet.text(line, { x: MARGIN + VALUE_X });
      sheet.down(13);
    }
    sheet.down(2);
  }
  sheet.down(12);

  sheet.row("Description", "Amount", { bold: true });
  sheet.rule();
  for (const line of receipt.lines) sheet.row(line.label, money(line.amount));
  sheet.rule();
  sheet.row("Total", money(receipt.total), { bold: true });
  if (receipt.tip > 0) sheet.row("Tip", money(receipt.tip));
  if (receipt.refunded > 0) sheet.row("Refunded", money(-receipt.refunded));
  if (receipt.tip > 0 || receipt.refunded > 0) sheet.row("Total paid", money(receipt.paid), { bold: true });
  sheet.down(8);
  sheet.text(`Paid by: ${receipt.paymentMethod}`);
  sheet.down(30);
  const thanks =
    receipt.kind === "ride"
      ? "Taxes are fare lines, included in the total. Thank you for travelling with Curbside."
      : "Thank you for parking with Curbside.";
  sheet.text(thanks, { size: 8, grey: true });
  return pdf.save();
}
