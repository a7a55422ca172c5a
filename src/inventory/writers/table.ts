import { renderTable, palette } from '../../formats/table/render.js';
import { countDistinct } from '../distinct.js';
import type { Inventory, InventoryProblem, Origin, Package } from '../types.js';

const ORIGINS: { origin: Origin; title: string }[] = [
  { origin: 'vendored', title: 'vendored' },
  { origin: 'lockfile', title: 'lockfile' },
  { origin: 'installed', title: 'installed' },
  { origin: 'sbom', title: 'sbom' },
];

/** A chain as one cell: long chains keep their ends (where it starts, what pulls it in), so the table stays readable. */
function chainCell(chain: string[] | undefined, fallback: string): string {
  if (!chain || chain.length === 0) return fallback;
  const full = chain.join(' › ');
  return full.length <= 100 || chain.length <= 3 ? full : [chain[0], '…', ...chain.slice(-2)].join(' › ');
}

/** A short note per package: what a reader must know before trusting the version. */
function note(pkg: Package): string {
  const notes: string[] = [];
  if (pkg.version === null) notes.push(`version unknown: ${pkg.versionUnknownReason ?? 'no reason given'}`);
  if (pkg.fork) notes.push(`fork of ${pkg.fork.of.replace(/^https:\/\/github\.com\//, '')}`);
  if (pkg.nestedIn && pkg.origin === 'vendored') notes.push(`inside ${pkg.nestedIn}`);
  if (pkg.source !== 'registry' && pkg.source !== 'vendored') notes.push(pkg.spec ? `${pkg.source}: ${pkg.spec}` : pkg.source);
  if (pkg.scope !== 'prod') notes.push(pkg.scope);
  if (pkg.paths.length > 1) notes.push(`${pkg.paths.length}${pkg.pathsCapped ? '+' : ''} paths`);
  return notes.join('; ');
}

/** `path:line: message`, without repeating the location when the message already starts with it. */
/** A problem as `path[:line]: message`, the location said once. */
export function located(problem: InventoryProblem): string {
  const where = `${problem.path}${problem.line ? `:${problem.line}` : ''}`;
  return problem.message.startsWith(`${where}:`) ? problem.message : `${where}: ${problem.message}`;
}

/** The readable table, grouped by origin, then what could not be read (issue #2 output). */
export function writeTable(inventory: Inventory, options: { color: boolean }): string {
  const paint = palette(options.color);
  const out: string[] = [];
  const where = inventory.ref ? `${inventory.root} at ${inventory.ref.name} (${inventory.ref.commit.slice(0, 12)})` : inventory.root;
  out.push(paint.bold(inventory.node ? `Node.js ${inventory.node.version} — ${where}` : where));
  const distinct = countDistinct(inventory.packages);
  if (distinct !== inventory.packages.length) out.push(`${distinct} distinct packages (${inventory.packages.length} entries: a package locked and also installed, or found in several places, is one package)`);
  for (const { origin, title } of ORIGINS) {
    const packages = inventory.packages.filter((pkg) => pkg.origin === origin);
    if (packages.length === 0) continue;
    out.push('', paint.bold(`${title} (${packages.length})`));
    out.push(
      renderTable(packages, [
        { header: 'name', value: (pkg) => pkg.name },
        { header: 'version', value: (pkg) => (pkg.version === null ? paint.yellow('unknown') : pkg.version) },
        { header: 'path', value: (pkg) => (origin === 'vendored' ? pkg.foundIn : chainCell(pkg.paths[0], pkg.foundIn)) },
        { header: 'cpe', value: (pkg) => pkg.cpe?.split(':').slice(3, 5).join(':') ?? '' },
        { header: 'note', value: note },
      ]),
    );
  }
  if (inventory.packages.length === 0) out.push('', 'no third-party components found');
  if (inventory.unrecognised.length > 0) out.push('', paint.yellow(`unrecognised under deps/: ${inventory.unrecognised.join(', ')}`));
  const problems = inventory.problems.filter((problem) => !problem.message.includes('no registry entry recognises'));
  if (problems.length > 0) {
    out.push('', paint.bold('problems'));
    for (const problem of problems) out.push(`  ${problem.severity === 'error' ? paint.red('error') : paint.yellow('warning')}: ${located(problem)}`);
  }
  if (inventory.partial) out.push('', paint.yellow('partial: some inputs could not be read completely (see problems)'));
  return `${out.join('\n')}\n`;
}
