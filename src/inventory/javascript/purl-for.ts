import { npmPurl, packageUrlClass, vendoredPurl } from '../purl.js';
import type { LockNode } from './graph.js';
import { githubRepo } from './spec.js';

/**
 * The purl of a package read from a JavaScript project. Registry packages and aliases are the
 * registry package they resolve to; git dependencies hosted on GitHub are `pkg:github` at their
 * commit; tarballs keep their `download_url`; file and link dependencies have none, because
 * no advisory database can speak about a local directory.
 */
export function purlFor(node: LockNode): string | null {
  switch (node.source) {
    case 'registry':
    case 'alias':
      return node.version === null ? null : npmPurl(node.name, node.version);
    case 'git': {
      const repo = githubRepo(node.resolved ?? node.spec ?? '');
      return repo ? vendoredPurl(repo.repo, repo.commit ?? node.version, { github: `${repo.owner}/${repo.repo}` }) : null;
    }
    case 'tarball': {
      const url = node.resolved ?? node.spec;
      if (node.version === null) return null;
      const PackageURL = packageUrlClass();
      const base = PackageURL.fromString(npmPurl(node.name, node.version));
      return new PackageURL('npm', base.namespace, base.name, base.version, url ? { download_url: url } : undefined, undefined).toString();
    }
    default:
      return null;
  }
}
