/**
 * Messages of the scorecard and forge areas name real commands (issue #16: the Vulnerabilities
 * check told users to run `vigil advisories sync`, which does not exist).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { Command } from 'commander';
import { commands } from '../cli/commands/registry.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

it('every `vigil <command> <subcommand>` quoted in a message exists', async () => {
  const quoted = new Set<string>();
  for (const file of [...sources(import.meta.dirname), ...sources(join(import.meta.dirname, '..', 'forge'))]) {
    for (const match of readFileSync(file, 'utf8').matchAll(/`vigil ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?/g)) quoted.add(match.slice(1).filter(Boolean).join(' '));
  }
  assert.ok(quoted.has('db sync'), [...quoted].join(', '));
  for (const words of quoted) {
    const [name, sub] = words.split(' ');
    const entry = commands.find((candidate) => candidate.name === name);
    assert.ok(entry, `vigil ${words}: no command ${name}`);
    const command = new Command(name);
    (await entry.load()).configure(command);
    // A second word is a subcommand when the command has any; otherwise it is an argument.
    if (sub !== undefined && command.commands.length > 0) assert.ok(command.commands.some((child) => child.name() === sub), `vigil ${words}: no subcommand ${sub}`);
  }
});
