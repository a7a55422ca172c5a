/**
 * The one redaction every message, log line, error, report and written file passes through
 * (issue #20 "Secrets"). Two kinds of secret are removed:
 *
 * - configured secrets: every token or key Vigil was given (GITHUB_TOKEN, NVD_API_KEY, the token of
 *   any HttpClient, any environment variable whose name says it holds a secret), registered with
 *   `addSecret` as soon as they are read, in every form Vigil sends them (raw, Basic-encoded);
 * - anything shaped like a credential, configured or not: GitHub tokens (ghp_, gho_, ghu_, ghs_,
 *   ghr_, github_pat_), npm tokens (npm_), the value of an echoed `Authorization` or `apiKey`
 *   header, and the password of a URL (`postgres://user:password@host`).
 *
 * It has no imports, so `errors.ts` and the logger can use it without cycles.
 */

const REDACTED = '[redacted]';
/** Shorter values are not treated as secrets: replacing "abc" everywhere would mangle output. */
const MIN_SECRET_LENGTH = 6;

const secrets = new Set<string>();
let ordered: string[] = [];

/** Register a secret so that it never reaches a message, a log, a report or a file. */
export function addSecret(value: string | undefined | null): void {
  if (!value) return;
  const trimmed = value.trim();
  if (trimmed.length < MIN_SECRET_LENGTH || secrets.has(trimmed)) return;
  secrets.add(trimmed);
  // The forms a secret takes on the wire or in a URL: percent-encoded, and Basic-encoded as
  // Vigil and git send it (`x-access-token:<token>`, `<token>:`).
  for (const form of [encodeURIComponent(trimmed), Buffer.from(`x-access-token:${trimmed}`).toString('base64'), Buffer.from(`${trimmed}:`).toString('base64')]) {
    if (form.length >= MIN_SECRET_LENGTH) secrets.add(form);
  }
  // Longest first, so a secret that contains another is removed whole.
  ordered = [...secrets].sort((a, b) => b.length - a.length);
}

/** Environment variables whose names say they hold a secret (GITHUB_TOKEN, NVD_API_KEY, NPM_TOKEN, PGPASSWORD…). */
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)$/i;

/** Register every secret-looking environment variable; called once at start-up. */
export function addSecretsFromEnvironment(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(env)) if (SECRET_NAME.test(name)) addSecret(value);
}

/** For tests: forget the registered secrets. */
export function clearSecrets(): void {
  secrets.clear();
  ordered = [];
}

const SHAPES: [RegExp, string | ((...groups: string[]) => string)][] = [
  // GitHub tokens: classic (ghp_/gho_/ghu_/ghs_/ghr_ + 36 base62) and fine-grained (github_pat_…).
  [/\b(?:gh[pousr]_[A-Za-z0-9]{20,255}|github_pat_[A-Za-z0-9_]{20,255})\b/g, REDACTED],
  // npm automation/publish tokens.
  [/\bnpm_[A-Za-z0-9]{30,255}\b/g, REDACTED],
  // An echoed Authorization header, in any quoting: keep the scheme, drop the credential.
  [/(authorization["']?\s*[:=]\s*["']?\s*(?:(?:token|bearer|basic)\s+)?)[^\s"',;}\]]+/gi, `$1${REDACTED}`],
  // An echoed API-key header or parameter (NVD sends `apiKey`).
  [/((?:x-)?api[-_]?key["']?\s*[:=]\s*["']?)[^\s"',;&}\]]+/gi, `$1${REDACTED}`],
  // The password in a URL's user information.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/"']+:)[^\s@/"']+@/gi, `$1${REDACTED}@`],
];

/**
 * Test-only injection point: turn the redaction off in this process, so that the planted-secret
 * test can show its check reports a leak (issue #20: a check never seen to fail proves nothing).
 * Nothing reaches it from the command line, a config file or the environment; only code that
 * imports this module and calls it, as test/secrets-driver.ts does when asked.
 */
let disabledForTest = false;
export function disableRedactionForTest(): void {
  disabledForTest = true;
}

/** Remove every configured secret and every credential-shaped string from a text. */
export function redact(text: string): string {
  if (disabledForTest) return text;
  let result = text;
  for (const secret of ordered) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  for (const [pattern, replacement] of SHAPES) result = result.replace(pattern, replacement as string);
  return result;
}

/** Only the configured secrets, for files Vigil writes: a user's own text is otherwise left as it is. */
export function redactConfigured(text: string): string {
  if (disabledForTest) return text;
  let result = text;
  for (const secret of ordered) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  return result;
}

/** True when the text holds a configured secret or a credential-shaped string. */
export function containsSecret(text: string): boolean {
  return redact(text) !== text;
}

/** Redact bytes only where a configured secret occurs; other bytes (binary output) are left alone. */
export function redactBytes(bytes: Uint8Array): Uint8Array {
  if (disabledForTest) return bytes;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!ordered.some((secret) => buffer.includes(secret))) return bytes;
  return Buffer.from(redact(buffer.toString('utf8')), 'utf8');
}

/** Redact every string inside a JSON-like value (reports, stored records), keeping its shape. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item)])) as T;
  }
  return value;
}

/**
 * What of a server's answer may appear in a message: redacted, one line, no control characters,
 * at most `max` characters. An HTML page is named as such rather than quoted (a proxy's error page
 * is noise, and pages echo requests).
 */
export function safeExcerpt(body: string | Uint8Array, max = 120): string {
  const text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: false }).decode(body.subarray(0, 4 * max));
  const trimmed = text.trimStart();
  if (/^<(!doctype|html|head|body)\b/i.test(trimmed)) {
    const title = /<title[^>]*>([^<]{0,200})<\/title>/i.exec(trimmed)?.[1]?.trim();
    return `an HTML page${title ? ` titled ${JSON.stringify(redact(title).slice(0, max))}` : ''}`;
  }
  // eslint-disable-next-line no-control-regex
  const oneLine = redact(trimmed).replace(/[\u0000-\u001f\u007f-\u009f\ufffd]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (oneLine === '') return 'an empty body';
  return JSON.stringify(oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine);
}
