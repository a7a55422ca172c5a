import { ExternalHostError, VigilError } from '../../errors.js';
import { HttpClient, type HttpClientOptions } from '../../util/http.js';
import type { RepoRef } from '../types.js';
import { outcomeFromJson, ScorecardJson } from './scorecard-json.js';
import type { ScoreSource } from './source.js';

/**
 * The public Scorecard API (`GET /projects/{platform}/{org}/{repo}`, api.securityscorecards.dev),
 * at a configurable base URL. Retries 429/5xx with backoff (HttpClient); a repository the API
 * does not know (renamed, deleted, never scored) fails alone.
 */
export function scorecardApiSource(options: Pick<HttpClientOptions, 'baseUrl' | 'timeout' | 'retries' | 'onRetry' | 'sleep'>): ScoreSource {
  const http = new HttpClient(options);
  return {
    name: `api:${http.baseUrl}`,
    async score(ref: RepoRef) {
      const path = `projects/${ref.platform}/${encodeURIComponent(ref.org)}/${encodeURIComponent(ref.repo)}`;
      try {
        const result = await http.getJson(path, ScorecardJson, { allow404: true });
        if (result === null) return { ref, ok: false, permanent: true, error: `the Scorecard API has no result for ${ref.org}/${ref.repo} (renamed, deleted or never scored?)` };
        return outcomeFromJson(ref, result);
      } catch (error) {
        if (error instanceof ExternalHostError || error instanceof VigilError) return { ref, ok: false, error: error.message };
        throw error;
      }
    },
  };
}
