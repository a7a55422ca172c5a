import { PackageURL } from 'packageurl-js';

/** purl for an npm package; scoped names become namespace + name as the purl spec says. */
export function npmPurl(name: string, version: string | null): string {
  const scoped = name.startsWith('@') ? name.slice(1).split('/') : null;
  const purl = scoped
    ? new PackageURL('npm', `@${scoped[0]}`, scoped[1] ?? '', version ?? undefined, undefined, undefined)
    : new PackageURL('npm', undefined, name, version ?? undefined, undefined, undefined);
  return purl.toString();
}

/** purl for a vendored C/C++ component: `pkg:github/<owner>/<repo>@<version>` when upstream is on GitHub, else generic. */
export function vendoredPurl(name: string, version: string | null, upstream?: { github?: string }): string {
  if (upstream?.github) {
    const [owner, repo] = upstream.github.split('/');
    return new PackageURL('github', owner, repo ?? name, version ?? undefined, undefined, undefined).toString();
  }
  return new PackageURL('generic', undefined, name, version ?? undefined, undefined, undefined).toString();
}

/** Escape a CPE 2.3 formatted-string component (NISTIR 7695 §6.2). */
function cpeEscape(value: string): string {
  return value.replace(/([\\!"#$%&'()+,/:;<=>@[\]^`{|}~?*])/g, '\\$1').replace(/\s+/g, '_');
}

/** A CPE 2.3 application string, e.g. `cpe:2.3:a:openssl:openssl:3.0.10:*:*:*:*:*:*:*`. */
export function cpe23(vendor: string, product: string, version: string | null): string {
  return `cpe:2.3:a:${cpeEscape(vendor)}:${cpeEscape(product)}:${version === null ? '*' : cpeEscape(version)}:*:*:*:*:*:*:*`;
}
