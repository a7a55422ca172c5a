import type { UpstreamData } from '../../../test/fake-upstream.js';

/**
 * What the upstreams of the node-tree fixture's (v20.5.1) dependencies had published by late
 * 2024, as their GitHub releases, tags and npm packuments name them (trimmed to a few each).
 */
export const nodeUpstreams: UpstreamData = {
  releases: {
    'openssl/openssl': [{ tag: 'openssl-3.4.0', date: '2024-10-22T00:00:00Z' }, { tag: 'openssl-3.3.2', date: '2024-09-03T00:00:00Z' }, { tag: 'openssl-3.0.15', date: '2024-09-03T00:00:00Z' }, { tag: 'openssl-3.0.10', date: '2023-08-01T00:00:00Z' }, { tag: 'OpenSSL_1_1_1w', date: '2023-09-11T00:00:00Z' }],
    'libuv/libuv': [{ tag: 'v1.49.2', date: '2024-10-18T00:00:00Z' }, { tag: 'v1.48.0', date: '2024-02-07T00:00:00Z' }, { tag: 'v1.46.0', date: '2023-06-30T00:00:00Z' }],
    'nodejs/llhttp': [{ tag: 'release/v9.2.1', date: '2024-03-21T00:00:00Z' }, { tag: 'release/v8.1.2', date: '2024-02-14T00:00:00Z' }, { tag: 'release/v8.1.1', date: '2023-07-13T00:00:00Z' }],
    'nghttp2/nghttp2': [{ tag: 'v1.64.0', date: '2024-10-22T00:00:00Z' }, { tag: 'v1.57.0', date: '2023-10-10T00:00:00Z' }, { tag: 'v1.55.1', date: '2023-07-14T00:00:00Z' }],
    'ngtcp2/nghttp3': [{ tag: 'v1.6.0', date: '2024-10-21T00:00:00Z' }, { tag: 'v0.7.0', date: '2022-09-25T00:00:00Z' }],
    'ngtcp2/ngtcp2': [{ tag: 'v1.9.1', date: '2024-11-09T00:00:00Z' }, { tag: 'v0.8.1', date: '2022-09-02T00:00:00Z' }],
    'c-ares/c-ares': [{ tag: 'v1.34.3', date: '2024-11-09T00:00:00Z' }, { tag: 'cares-1_20_1', date: '2023-10-08T00:00:00Z' }, { tag: 'cares-1_19_1', date: '2023-05-22T00:00:00Z' }],
    'google/brotli': [{ tag: 'v1.1.0', date: '2023-08-31T00:00:00Z' }, { tag: 'v1.0.9', date: '2020-08-27T00:00:00Z' }],
    'ada-url/ada': [{ tag: 'v2.9.2', date: '2024-09-20T00:00:00Z' }, { tag: 'v2.5.1', date: '2023-06-27T00:00:00Z' }],
    'simdutf/simdutf': [{ tag: 'v5.6.4', date: '2024-12-10T00:00:00Z' }, { tag: 'v3.2.14', date: '2023-07-03T00:00:00Z' }],
    'unicode-org/icu': [{ tag: 'release-76-1', date: '2024-10-24T00:00:00Z' }, { tag: 'release-74-2', date: '2023-12-13T00:00:00Z' }, { tag: 'release-73-2', date: '2023-06-13T00:00:00Z' }, { tag: 'cldr/2024-10-01', date: '2024-10-01T00:00:00Z' }],
    'nodejs/uvwasi': [{ tag: 'v0.0.21', date: '2024-04-25T00:00:00Z' }, { tag: 'v0.0.18', date: '2023-05-29T00:00:00Z' }],
    'HdrHistogram/HdrHistogram_c': [{ tag: '0.11.8', date: '2023-04-06T00:00:00Z' }],
    'nodejs/gyp-next': [{ tag: 'v0.18.1', date: '2024-05-26T00:00:00Z' }, { tag: 'v0.13.0', date: '2022-08-19T00:00:00Z' }],
  },
  tags: { 'aklomp/base64': ['v0.5.2', 'v0.5.1', 'v0.5.0'] },
  npm: {
    undici: [{ version: '5.22.1', date: '2023-05-12T00:00:00Z' }, { version: '5.26.2', date: '2023-10-12T00:00:00Z' }, { version: '5.28.4', date: '2024-04-04T00:00:00Z' }, { version: '6.21.0', date: '2024-11-11T00:00:00Z' }, { version: '7.0.0-alpha.1', date: '2024-11-20T00:00:00Z' }],
    acorn: [{ version: '8.10.0', date: '2023-07-05T00:00:00Z' }, { version: '8.14.0', date: '2024-10-27T00:00:00Z' }],
    'acorn-walk': [{ version: '8.2.0', date: '2021-09-16T00:00:00Z' }, { version: '8.3.4', date: '2024-09-08T00:00:00Z' }],
    'cjs-module-lexer': [{ version: '1.2.2', date: '2021-05-18T00:00:00Z' }, { version: '1.4.1', date: '2024-09-09T00:00:00Z' }],
    minimatch: [{ version: '9.0.3', date: '2023-07-10T00:00:00Z' }, { version: '9.0.5', date: '2024-06-26T00:00:00Z' }, { version: '10.0.1', date: '2024-07-08T00:00:00Z' }],
    corepack: [{ version: '0.19.0', date: '2023-06-24T00:00:00Z' }, { version: '0.30.0', date: '2024-11-04T00:00:00Z' }],
    npm: [{ version: '9.8.0', date: '2023-07-06T00:00:00Z' }, { version: '9.9.4', date: '2024-11-04T00:00:00Z' }, { version: '10.9.2', date: '2024-12-04T00:00:00Z' }],
    postject: [{ version: '1.0.0-alpha.6', date: '2023-01-24T00:00:00Z' }],
  },
  pages: {},
};

/** V8's tags as chromium.googlesource.com lists them (a few around the v20 line's branch). */
export const v8Tags = ['11.3.244.8', '11.3.244.9', '11.3.244.10', '12.4.254.21', 'lkgr'];
