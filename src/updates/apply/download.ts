import { HttpClient } from '../../util/http.js';

export interface DownloadOptions {
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** GET a URL's bytes (retried by the HTTP client); anything but 2xx throws, so nothing half-arrives. */
export async function download(url: string, options: DownloadOptions): Promise<Buffer> {
  const client = new HttpClient({ baseUrl: new URL(url).origin, timeout: options.timeoutMs, retries: 2, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const result = await client.request(url, { headers: { accept: 'application/octet-stream' } });
  return Buffer.from(result!.body);
}
