import type { ForgeRelease } from '../forge/types.js';
import type { CheckDetail } from '../types.js';
import { forgeCheck } from './forge-check.js';
import { debug, inconclusive, info, scored, warn } from './result.js';

const NAME = 'Signed-Releases';
const LOOK_BACK = 5;
const SIGNATURES = ['.asc', '.minisig', '.sig', '.sign', '.sigstore', '.sigstore.json'];
const PROVENANCE = ['.intoto.jsonl'];

/**
 * probes/releasesAreSigned, releasesHaveProvenance and evaluation/signed_releases.go: of the last
 * five releases with assets, a signature scores 8, provenance 10; the score is their floor mean.
 */
export function evaluateSignedReleases(releases: ForgeRelease[]) {
  const considered = releases.slice(0, LOOK_BACK).filter((release) => release.assets.length > 0);
  if (considered.length === 0) return inconclusive(NAME, 'forge', 'no releases found');
  const details: CheckDetail[] = [];
  let total = 0;
  let signedArtifacts = 0;
  let scoredReleases = 0;
  for (const release of considered) {
    details.push(debug(`GitHub release found: ${release.tagName}`));
    const signature = release.assets.find((asset) => SIGNATURES.some((suffix) => asset.name.endsWith(suffix)));
    const provenance = release.assets.find((asset) => PROVENANCE.some((suffix) => asset.name.endsWith(suffix)));
    if (signature) {
      signedArtifacts += 1;
      details.push(info(`signed release artifact: ${signature.name}`, { path: signature.url }));
    } else if (!provenance) {
      details.push(warn(`release artifact ${release.tagName} not signed`, { path: release.url, remediation: 'Sign release artifacts (cosign/sigstore, minisign or GPG) or publish SLSA provenance (.intoto.jsonl).' }));
    }
    if (provenance) {
      signedArtifacts += 1;
      details.push(info(`provenance for release artifact: ${provenance.name}`, { path: provenance.url }));
    } else {
      details.push(warn(`release artifact ${release.tagName} does not have provenance`, { path: release.url }));
    }
    if (provenance) total += 10;
    else if (signature) total += 8;
    if (provenance || signature) scoredReleases += 1;
  }
  if (signedArtifacts === 0) return scored(NAME, 'forge', 0, 'Project has not signed or included provenance with any releases.', details);
  const score = Math.floor(total / considered.length);
  return scored(NAME, 'forge', score, `${scoredReleases} out of the last ${considered.length} releases have a total of ${signedArtifacts} signed artifacts.`, details);
}

export const signedReleases = forgeCheck<ForgeRelease[]>({ name: NAME, risk: 'High', load: (forge) => forge.releases(), evaluate: evaluateSignedReleases });
