// The store's file (issue #20): a FIFO, a directory or a device where the SQLite file belongs is
// exit 2 naming it (a FIFO was "disk I/O error", exit 3), and a store path inside the working
// directory that leads out of it through a symbolic link is refused before SQLite writes anything.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

type Files = Record<string, string | Buffer | 'fifo' | { link: string }>;
type Add = (name: string, files: Files, argv: string[], exit: number[], stderr: RegExp, more?: { inDir?: boolean; after?: () => string[] }) => void;

const osv = JSON.stringify({ id: 'GHSA-aaaa-bbbb-cccc', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'x' }, versions: ['1.0.0'] }] });

/** Adds the store path cases; each `<name>.outside` folder must stay empty. */
export function storeCases(dir: string, add: Add): void {
  const outside = (name: string): string => {
    const path = join(dir, `${name}.outside`);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const stays = (path: string) => (): string[] => (readdirSync(path).length > 0 ? [`wrote outside: ${readdirSync(path).join(', ')} in ${path}`] : []);
  const commands: Record<string, string[]> = {
    import: ['db', 'import', 'a.json', '--db'],
    status: ['db', 'status', '--db'],
  };
  for (const [command, argv] of Object.entries(commands)) {
    add(`store-fifo-${command}`, { 'a.json': osv, 'vigil.db': 'fifo' }, [...argv, 'vigil.db'], [2], /vigil\.db is a FIFO/, { inDir: true });
    add(`store-directory-${command}`, { 'a.json': osv, 'vigil.db/x': 'x' }, [...argv, 'vigil.db'], [2], /vigil\.db is a directory/, { inDir: true });
    // `db status` reads and never creates the store (#17): a link to nothing is "no such store", still exit 2 naming it.
    const refused = (path: string) => new RegExp(`${path}: ${command === 'status' ? '(refusing to write outside|no such store)' : 'refusing to write outside'}`);
    let out = outside(`store-link-out-${command}`);
    add(`store-link-out-${command}`, { 'a.json': osv, 'vigil.db': { link: join(out, 'vigil.db') } }, [...argv, 'vigil.db'], [2], refused('vigil\\.db'), { inDir: true, after: stays(out) });
    out = outside(`store-folder-link-out-${command}`);
    add(`store-folder-link-out-${command}`, { 'a.json': osv, data: { link: out } }, [...argv, 'data/vigil.db'], [2], refused('data/vigil\\.db'), { inDir: true, after: stays(out) });
  }
  add('store-dev-null', { 'a.json': osv }, ['db', 'import', 'a.json', '--db', '/dev/null'], [2], /\/dev\/null is a character device/, { inDir: true });
  // SQLite opens the write-ahead log beside the file: a planted -wal link must not carry writes out.
  const out = outside('store-wal-link-out');
  const folder = join(dir, 'store-wal-link-out');
  add('store-wal-link-out', { 'a.json': osv, 'vigil.db-wal': { link: join(out, 'wal') } }, ['db', 'import', 'a.json', '--db', 'vigil.db'], [2], /vigil\.db-wal: refusing to write outside/, {
    inDir: true,
    after: () => [...stays(out)(), ...(existsSync(join(folder, 'vigil.db')) ? ['half done: vigil.db was created'] : [])],
  });
}
