import { gzipSync } from 'node:zlib';
import * as tar from 'tar';

/**
 * A tar.gz written entry by entry with the `tar` package's own header encoder, for tests that need
 * archives `tar.c` refuses to make from a directory (entries with `..`, absolute names, links
 * pointing outside). Production code only reads archives.
 */
export type TarEntry = { path: string; data: string | Buffer; mode?: number } | { path: string; type: 'SymbolicLink' | 'Link' | 'Directory'; linkpath?: string };

export function writeTarGz(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = 'data' in entry ? (typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data) : Buffer.alloc(0);
    const type = 'type' in entry ? entry.type : 'File';
    const header = new tar.Header({
      path: entry.path,
      type,
      size: data.length,
      mode: 'mode' in entry && entry.mode !== undefined ? entry.mode : type === 'Directory' ? 0o755 : 0o644,
      mtime: new Date('2024-01-01T00:00:00Z'),
      uid: 0,
      gid: 0,
      ...('linkpath' in entry && entry.linkpath ? { linkpath: entry.linkpath } : {}),
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
