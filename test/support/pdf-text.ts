import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * The text of a PDF, one string per page, read with pdf.js (pure JavaScript, no system program): text
 * items on one baseline form a line, ordered left to right, joined by a space where a gap separates
 * them; lines run top to bottom. Close enough to `pdftotext -layout` for assertions written with `\s+`
 * between columns.
 */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false })
    .promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const lines = new Map<number, { x: number; end: number; text: string }[]>();
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const x = item.transform[4] as number;
        const y = item.transform[5] as number;
        const key = Math.round(y);
        const line = lines.get(key) ?? lines.get(key - 1) ?? lines.get(key + 1) ?? [];
        if (line.length === 0) lines.set(key, line);
        line.push({ x, end: x + item.width, text: item.str });
      }
      const text = [...lines.entries()]
        .sort(([a], [b]) => b - a)
        .map(([, items]) => {
          items.sort((a, b) => a.x - b.x);
          let out = '';
          let end = Number.NEGATIVE_INFINITY;
          for (const item of items) {
            out += out !== '' && item.x - end > 0.5 ? ` ${item.text}` : item.text;
            end = item.end;
          }
          return out;
        })
        .join('\n');
      pages.push(text);
    }
    return pages;
  } finally {
    await document.destroy();
  }
}
