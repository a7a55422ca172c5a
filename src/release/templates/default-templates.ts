/**
 * Default announcement templates, with `%PLACEHOLDER%` tokens as node-core-utils uses them. A team
 * overrides them with files of the same name in `--templates <dir>` (pre-release.md, post-release.md).
 */
export const PRE_RELEASE_TEMPLATE = `---
date: %ANNOUNCEMENT_DATE%
category: vulnerability
title: %RELEASE_TITLE%
slug: %SLUG%
layout: blog-post
author: The Node.js Project
---

# Summary

The Node.js project will release new versions of the %AFFECTED_VERSIONS%
releases lines on or shortly after, %RELEASE_DATE% in order to address:

%VULNERABILITIES%

## Impact

%IMPACT%

It's important to note that End-of-Life versions are always affected when a security release occurs.
To ensure your system's security, please use an up-to-date version as outlined in our
[Release Schedule](https://github.com/nodejs/release#release-schedule).

## Release timing

Releases will be available on, or shortly after, %RELEASE_DATE%.

## Contact and future updates

The current Node.js security policy can be found at https://nodejs.org/security/.
Please follow the process outlined in https://github.com/nodejs/node/blob/main/SECURITY.md if you wish to report a vulnerability in Node.js.

Subscribe to the low-volume announcement-only nodejs-sec mailing list at https://groups.google.com/forum/#!forum/nodejs-sec to stay up to date on security vulnerabilities and security-related releases of Node.js and the projects maintained in the nodejs GitHub organization.
`;

export const POST_RELEASE_TEMPLATE = `---
date: %ANNOUNCEMENT_DATE%
category: vulnerability
title: %RELEASE_TITLE%
slug: %SLUG%
layout: blog-post
author: %AUTHOR%
---

## Security releases available

Updates are now available for the %AFFECTED_VERSIONS% Node.js release lines for the
following issues.
%DEPENDENCY_UPDATES%
%REPORTS%
## Downloads and release details

%DOWNLOADS%
`;

export const TEMPLATE_FILES = { 'pre-release': 'pre-release.md', 'post-release': 'post-release.md' } as const;
