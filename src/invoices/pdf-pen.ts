import type { DocumentTexts } from './document-texts.ts';
import type { InvoiceDocument } from './invoice-pdf.ts';

/**
 * The page, the type styles and the few drawing primitives of the invoice PDF: text in a box (wrapped or
 * cut), its height, a rule. Everything goes through the WinAnsi filter of the built-in fonts.
 */

export const MM = 72 / 25.4;
export const LEFT = 20 * MM;
export const RIGHT = 595.28 - 18 * MM;
export const WIDTH = RIGHT - LEFT;
export const TOP = 15 * MM;
export const FOOTER_TOP = 841.89 - 22 * MM;
export const CONTENT_BOTTOM = FOOTER_TOP - 12;
export const [INK, MUTED, RULE, SHADE] = ['#1a1a1a', '#5f5f5f', '#c4c4c4', '#efefef'];
export const PAD = 4;
// Description, quantity, unit price, discount, VAT %, amount; all but the description right-aligned.
export const COLUMNS = [WIDTH - 306, 48, 72, 60, 46, 80];
export const DESCRIPTION_WIDTH = (COLUMNS[0] ?? 0) - 2 * PAD;

export interface Style {
  size: number;
  bold?: boolean;
  color?: string;
  align?: 'left' | 'right';
  wrap?: boolean;
}
export const LABEL: Style = { size: 9, color: MUTED };
export const VALUE: Style = { size: 9, bold: true };
export const CELL: Style = { size: 9, align: 'right' };
export const SMALL: Style = { size: 7.5, color: MUTED };

export interface Pen {
  pdf: PDFKit.PDFDocument;
  doc: InvoiceDocument;
  t: DocumentTexts;
  y: number;
}

export const UNDECOMPOSABLE: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ħ: 'h' };

/** What pdfkit keeps of the font it writes with: fontkit's font, which knows the glyphs it has. */
type CurrentFont = { _font?: { font?: { hasGlyphForCodePoint?: (code: number) => boolean } } };

// The embedded font (Open Sans) has Latin, Greek and Cyrillic; a letter it lacks (CJK, say) would print
// as an empty box, so it falls back to its base letter and the rest to "?", which at least shows a gap.
export function printable(pdf: PDFKit.PDFDocument, text: string): string {
  const glyphs = (pdf as unknown as CurrentFont)._font?.font;
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20) out += ' ';
    else if (glyphs?.hasGlyphForCodePoint?.(code) ?? true) out += ch;
    else {
      const base = UNDECOMPOSABLE[ch] ?? ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += /^[\u0020-\u007e\u00a0-\u00ff]+$/.test(base) ? base : '?';
    }
  }
  return out;
}

export function font(pen: Pen, style: Style): PDFKit.PDFDocument {
  const face = style.bold ? 'Helvetica-Bold' : 'Helvetica';
  return pen.pdf
    .font(face)
    .fontSize(style.size)
    .fillColor(style.color ?? INK);
}

/** Writes text into a box `width` wide: wrapped when `style.wrap`, else one line cut with an ellipsis. */
export function write(pen: Pen, text: string, x: number, y: number, width: number, style: Style): void {
  const pdf = font(pen, style);
  if (style.wrap) {
    pdf.text(printable(pdf, text), x, y, { width, align: style.align ?? 'left' });
    return;
  }
  // Placed by hand: pdfkit wraps at `width` even with lineBreak off, which would push a column's text
  // into the row below.
  let line = printable(pdf, text);
  if (pdf.widthOfString(line) > width) {
    while (line.length > 0 && pdf.widthOfString(`${line}…`) > width) line = line.slice(0, -1);
    line = `${line.trimEnd()}…`;
  }
  const offset = style.align === 'right' ? width - pdf.widthOfString(line) : 0;
  pdf.text(line, x + offset, y, { lineBreak: false });
}

export function heightOf(pen: Pen, text: string, width: number, style: Style): number {
  const pdf = font(pen, style);
  return pdf.heightOfString(printable(pdf, text), { width });
}

export function rule(pen: Pen, y: number, from = LEFT, to = RIGHT, color = RULE, width = 0.5): void {
  pen.pdf.moveTo(from, y).lineTo(to, y).lineWidth(width).strokeColor(color).stroke();
}
