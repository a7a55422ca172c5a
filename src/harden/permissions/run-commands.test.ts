import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCommands } from './run-commands.js';
import { scriptNeeds } from './github-script.js';

test('run: commands and the permissions they need', () => {
  const found = runCommands('git commit -am x && git push origin HEAD\ngh release create v1 dist/*\nsudo gh issue list\nnpm publish --provenance --access public\n', null);
  assert.deepEqual(
    found.needs.map((need) => `${need.scope}:${need.level}`),
    ['contents:write', 'contents:write', 'issues:read', 'id-token:write'],
  );
  assert.equal(found.tokenCommands, 3);
  assert.deepEqual(found.unknown, []);
});

test('run: gh api and unknown gh verbs are unknown; pwsh scripts are read line by line', () => {
  assert.match(runCommands('gh api repos/o/r/issues -f title=x', null).unknown[0] ?? '', /gh api/);
  assert.match(runCommands('gh frobnicate now', null).unknown[0] ?? '', /gh frobnicate now/);
  const pwsh = runCommands('Write-Host hi\ngit push', 'pwsh');
  assert.deepEqual(pwsh.needs.map((need) => need.scope), ['contents']);
});

test('github-script: REST calls map to scopes; GraphQL is unknown', () => {
  const known = scriptNeeds('const { data } = await github.rest.repos.createCommitStatus({})\nawait github.paginate(github.rest.issues.listComments, {})');
  assert.ok(known.known);
  if (known.known) {
    assert.deepEqual(Object.fromEntries([...known.needs].map(([scope, need]) => [scope, need.level])), { statuses: 'write', issues: 'read' });
  }
  assert.equal(scriptNeeds('await github.graphql(`query { viewer { login } }`)').known, false);
});

test('run: bash with array assignments is parsed, so commands inside substitutions are found', () => {
  // `local x=()` / `declare -a` (docker-node's functions.sh forms) used to make the parse fail,
  // and the line-by-line fallback cannot see `gh` inside `$(…)`.
  const script = 'publish() {\n  local assets=()\n  declare -a notes=("$@")\n  url=$(gh release create "v$1" --notes-file notes.md)\n}\npublish 1.0.0\n';
  const found = runCommands(script, 'bash');
  assert.deepEqual(found.needs.map((need) => `${need.scope}:${need.level} ${need.reason}`), ['contents:write gh release create']);
  assert.equal(found.tokenCommands, 1);
});
