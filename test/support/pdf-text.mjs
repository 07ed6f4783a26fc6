// Reads a PDF on stdin and prints {pages, text: [page texts]} as JSON. Runs outside Jest, as
// native ESM, so that pdfjs-dist needs no transform.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const doc = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), disableFontFace: true, useSystemFonts: false, verbosity: 0 })
  .promise;
const text = [];
for (let i = 1; i <= doc.numPages; i += 1) {
  const page = await doc.getPage(i);
  const content = await page.getTextContent();
  text.push(content.items.map((item) => item.str + (item.hasEOL ? '\n' : '')).join(''));
}
process.stdout.write(JSON.stringify({ pages: doc.numPages, text }));
