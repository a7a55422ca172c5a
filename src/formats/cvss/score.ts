import { createRequire } from 'node:module';
import type * as CvssLibrary from 'ae-cvss-calculator';

/**
 * ae-cvss-calculator is a 190 kB CommonJS bundle. It is loaded on the first vector scored, with
 * require: importing it made Node's ESM loader scan the bundle for its exports (~100 ms at every
 * start of `vigil review`, even with nothing to score).
 */
let library: typeof CvssLibrary | undefined;
const calculators = (): typeof CvssLibrary => (library ??= createRequire(import.meta.url)('ae-cvss-calculator') as typeof CvssLibrary);

/** Base metrics each CVSS version requires; the library scores partial vectors as 0 instead of failing. */
const REQUIRED: Record<string, string[]> = {
  '2.0': ['AV', 'AC', 'Au', 'C', 'I', 'A'],
  '3.0': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '3.1': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '4.0': ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'],
};

function versionOf(vector: string): string {
  const match = /^CVSS:(\d\.\d)\//.exec(vector);
  return match?.[1] ?? '2.0';
}

/** CVSS base score of a vector, computed by the library; null when the vector is not complete and valid. */
export function cvssBaseScore(vector: string): { version: string; score: number } | null {
  const version = versionOf(vector);
  const required = REQUIRED[version];
  if (!required) return null;
  const metrics = new Map(
    vector
      .replace(/^CVSS:\d\.\d\//, '')
      .split('/')
      .map((part) => part.split(':') as [string, string]),
  );
  if (required.some((metric) => !metrics.get(metric))) return null;
  try {
    const { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } = calculators();
    const calculator =
      version === '4.0' ? new Cvss4P0(vector) : version === '3.1' ? new Cvss3P1(vector) : version === '3.0' ? new Cvss3P0(vector) : new Cvss2(vector);
    const score = calculator.calculateScores().base;
    return typeof score === 'number' && Number.isFinite(score) ? { version, score } : null;
  } catch {
    return null;
  }
}

/** The rating a CVSS v3/v4 base score maps to (FIRST's qualitative scale). */
export function cvssRating(score: number): 'none' | 'low' | 'medium' | 'high' | 'critical' {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

/** Kept as a namespace so validation reads naturally: `CvssCalculator.isValid(vector)`. */
export const CvssCalculator = { isValid: (vector: string): boolean => cvssBaseScore(vector) !== null };
