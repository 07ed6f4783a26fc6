/**
 * Names Windows reserves for devices, whatever the case and the extension (`con.pdf`, `Com1.txt`,
 * `NUL`, `lpt9.tar.gz`; also COM0/LPT0 and the superscript digits ¹²³ Windows accepts there):
 * the part before the first dot, trailing spaces ignored.
 */
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])\s*(?:\..*)?$/iu;

/**
 * A file name safe inside a ZIP, in any alphabet: no directory part, no `..`, no control, format
 * (bidi, zero-width) or separator characters, nothing Windows forbids (`<>:"/\|?*`) or refuses:
 * no trailing dot or space (stripped, also after truncation), a reserved device name prefixed
 * with `_` (`con.pdf` → `_con.pdf`, `NUL` → `_NUL`); NFC, at most 120 characters (the extension
 * kept); empty → `piece-jointe`.
 */
export function zipSafeName(name: string): string {
  const safe = truncated(name).replace(/[.\s]+$/u, '');
  if (safe.length === 0) return 'piece-jointe';
  return WINDOWS_RESERVED.test(safe) ? `_${safe}` : safe;
}

function truncated(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').normalize('NFC');
  const cleaned = base
    .replace(/[\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    // Control characters are exactly what is replaced here.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\ufffe\uffff"<>|*?:]|[\ud800-\udfff]/gu, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .trim();
  const chars = Array.from(cleaned);
  if (chars.length === 0) return 'piece-jointe';
  if (chars.length <= 120) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return (
    Array.from(cleaned.slice(0, cleaned.length - ext.length))
      .slice(0, 120 - ext.length)
      .join('')
      .trim() + ext
  );
}

/**
 * Unique names for a list (ZIP readers and file systems may compare case-insensitively): the second
 * « a.pdf » becomes « a (2).pdf », and so on.
 */
export function uniqueNames(names: string[]): string[] {
  const taken = new Set<string>();
  return names.map((raw) => {
    const name = zipSafeName(raw);
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLocaleLowerCase('fr')); n += 1) candidate = `${stem} (${n})${ext}`;
    taken.add(candidate.toLocaleLowerCase('fr'));
    return candidate;
  });
}
