/**
 * CPE 2.3 formatted strings (NISTIR 7695 §6.2): `cpe:2.3:part:vendor:product:version:update:…`,
 * with `\` escaping. Only what matching needs: part, vendor, product, version, update.
 */

export interface Cpe {
  part: string;
  vendor: string;
  product: string;
  version: string;
  update: string;
}

/** Split on colons that are not escaped, then unescape each component. */
export function parseCpe(text: string): Cpe | null {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (char === '\\' && index + 1 < text.length) {
      current += text[++index];
    } else if (char === ':') {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  if (parts[0] !== 'cpe' || parts[1] !== '2.3' || parts.length < 7) return null;
  const [, , part, vendor, product, version, update] = parts as [string, string, string, string, string, string, string];
  return { part, vendor: vendor.toLowerCase(), product: product.toLowerCase(), version, update };
}

/** `vendor:product`, the key the advisory store indexes CPE configurations by. */
export function cpeProductKey(cpe: Pick<Cpe, 'vendor' | 'product'>): string {
  return `${cpe.vendor}:${cpe.product}`;
}

/**
 * The version a CPE names, update included: NVD writes old OpenSSL letter releases as version
 * `1.0.1` update `a`, and pre-releases as update `beta1`. `*` (any) and `-` (not applicable) stay.
 */
export function cpeVersion(cpe: Cpe): string {
  if (cpe.version === '*' || cpe.version === '-') return cpe.version;
  if (cpe.update === '*' || cpe.update === '-' || cpe.update === '') return cpe.version;
  return /^[a-z]$/i.test(cpe.update) ? `${cpe.version}${cpe.update}` : `${cpe.version}-${cpe.update}`;
}
