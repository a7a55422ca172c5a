import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { writeTarGz } from '../../../test/tar-writer.js';
import { writeZip } from '../../../test/zip-writer.js';
import { InputError } from '../../errors.js';
import { readTarGz, readZipArchive, stripAndCheck, writeEntries } from './archive.js';
import { unpackNpmTarball } from './tarball.js';
import { checksumFor, sha256, verifySha256 } from './checksum.js';
import { keptFiles, matchesGlob, selectEntries } from './layout.js';

/** A c-ares release tarball as upstream makes it: everything under c-ares-<version>/. */
async function caresTarball(version: string): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cares-'));
  const top = join(dir, `c-ares-${version}`);
  mkdirSync(join(top, 'include'), { recursive: true });
  mkdirSync(join(top, 'test'), { recursive: true });
  writeFileSync(join(top, 'include', 'ares_version.h'), `#define ARES_VERSION_STR "${version}"\n`);
  writeFileSync(join(top, 'test', 'ares-test.cc'), '// tests\n');
  writeFileSync(join(top, 'configure'), '#!/bin/sh\n', { mode: 0o755 });
  await tar.c({ gzip: true, file: join(dir, 'out.tgz'), cwd: dir, portable: true }, [`c-ares-${version}`]);
  return readFileSync(join(dir, 'out.tgz'));
}

const LABEL = 'https://github.com/c-ares/c-ares/releases/download/v1.34.5/c-ares-1.34.5.tar.gz';

describe('release archives: read, strip and check before anything is written', () => {
  it('reads a real-shaped tar.gz, strips the top directory, keeps the executable bit', async () => {
    const entries = stripAndCheck(await readTarGz(await caresTarball('1.34.5'), LABEL), 1, LABEL);
    assert.deepEqual(entries.map((entry) => entry.path).sort(), ['configure', 'include/ares_version.h', 'test/ares-test.cc']);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-out-'));
    await writeEntries(dir, entries);
    assert.match(readFileSync(join(dir, 'include', 'ares_version.h'), 'utf8'), /1\.34\.5/);
    assert.ok((statSync(join(dir, 'configure')).mode & 0o111) !== 0);
  });

  it('refuses a truncated tar.gz with an InputError (exit 2) naming the archive', async () => {
    const data = await caresTarball('1.34.5');
    // Cut in the gzip stream, early, and a complete gzip of a tar cut inside an entry's data.
    const tarCut = gzipSync(gunzipSync(writeTarGz([{ path: 'x/big', data: 'y'.repeat(4000) }])).subarray(0, 1536));
    for (const cut of [data.subarray(0, data.length - 30), data.subarray(0, 200), writeTarGz([{ path: 'x/a', data: 'a' }]).subarray(0, 25), tarCut]) {
      await assert.rejects(readTarGz(cut, LABEL), (error: unknown) => error instanceof InputError && error.exitCode === 2 && /c-ares-1\.34\.5\.tar\.gz: not a complete tar\.gz archive/.test(error.message));
    }
    await assert.rejects(readTarGz(Buffer.from('not an archive at all'), LABEL), InputError);
  });

  it('refuses a gzip bomb from the headers, before keeping its bytes (issue #20), and keeps reading honest archives', async () => {
    // 40 MB of zeros gzip to ~40 KB: past 16 MB and 200 times the compressed size.
    const bomb = writeTarGz([{ path: 'c-ares-1.34.5/a.h', data: 'a' }, { path: 'c-ares-1.34.5/zeros', data: Buffer.alloc(40 * 1024 * 1024) }]);
    assert.ok(bomb.length < 200 * 1024);
    await assert.rejects(readTarGz(bomb, LABEL), (error: unknown) => error instanceof InputError && /c-ares-1\.34\.5\.tar\.gz: .*expands more than 200 times .*compression bomb; nothing was written/.test(error.message));
    // The total bound, whatever the ratio.
    const total = writeTarGz([{ path: 'd-1/a', data: Buffer.alloc(600 * 1024) }, { path: 'd-1/b', data: Buffer.alloc(600 * 1024) }]);
    await assert.rejects(readTarGz(total, LABEL, { totalBytes: 1024 * 1024, ratio: 1e9, smallBytes: 0 }), /expands past 1 MB: a compression bomb/);
    assert.equal((await readTarGz(total, LABEL)).length, 2);
  });

  it('an npm package tarball that is a bomb, cut short or corrupt is refused with a message and nothing is left unpacked', async (t) => {
    // A private temporary directory: other test files running alongside make their own.
    const saved = process.env.TMPDIR;
    const scratch = mkdtempSync(join(tmpdir(), 'vigil-scratch-'));
    process.env.TMPDIR = scratch;
    t.after(() => (saved === undefined ? delete process.env.TMPDIR : (process.env.TMPDIR = saved)));
    const honest = writeTarGz([{ path: 'package/package.json', data: '{}' }, { path: 'package/zeros', data: Buffer.alloc(1024 * 1024) }]);
    const cases: [string, Buffer, RegExp][] = [
      ['one 40 MB entry of zeros', writeTarGz([{ path: 'package/package.json', data: '{}' }, { path: 'package/zeros', data: Buffer.alloc(40 * 1024 * 1024) }]), /package tarball is refused: .*compression bomb; nothing was written/],
      ['40 entries of 1 MB', writeTarGz([{ path: 'package/package.json', data: '{}' }, ...Array.from({ length: 40 }, (_, i) => ({ path: `package/z${i}`, data: Buffer.alloc(1024 * 1024) }))]), /package tarball is refused: .*compression bomb; nothing was written/],
      ['cut short', honest.subarray(0, honest.length - 200), /package tarball is not a complete tar\.gz archive .*; nothing was written/],
      ['not gzip at all', Buffer.from('<html>not a tarball</html>'.repeat(40)), /package tarball (is not a complete tar\.gz archive|has no files).*nothing was written/],
    ];
    for (const [name, data, message] of cases) {
      await assert.rejects(unpackNpmTarball(data), (error: unknown) => error instanceof InputError && message.test(error.message), name);
      assert.deepEqual(readdirSync(scratch), [], `${name}: nothing left unpacked`);
    }
    const fine = await unpackNpmTarball(honest);
    assert.equal(statSync(join(fine.dir, 'zeros')).size, 1024 * 1024);
    await fine.dispose();
    assert.deepEqual(readdirSync(scratch), [], 'the caller disposes of the unpacked tree');
  });

  it('a zip bomb is refused with a message: one entry, or many entries each under the per-entry bound', async () => {
    const one = writeZip([{ name: 'ada.h', data: 'x' }, { name: 'zeros', data: Buffer.alloc(40 * 1024 * 1024) }]);
    await assert.rejects(readZipArchive(one, 'singleheader.zip'), (error: unknown) => error instanceof InputError && /singleheader\.zip: refused, entry zeros expands past .*zip bomb.*; nothing was written/.test(error.message));
    // Each 1 MB entry of zeros passes the zip reader's per-entry bound; 40 of them are a bomb.
    const many = writeZip(Array.from({ length: 40 }, (_, i) => ({ name: `z${i}`, data: Buffer.alloc(1024 * 1024) })));
    assert.ok(many.length < 200 * 1024);
    await assert.rejects(readZipArchive(many, 'singleheader.zip'), (error: unknown) => error instanceof InputError && /singleheader\.zip: refused, it expands more than 200 times .*compression bomb; nothing was written/.test(error.message));
    // The bound is the ratio, not the entry count: with it lifted the same archive reads.
    assert.equal((await readZipArchive(many, 'singleheader.zip', { totalBytes: 64 * 1024 * 1024, ratio: 1e9, smallBytes: 0 })).length, 40);
  });

  it('refuses entries that climb out, absolute names, entries outside the top directory', async () => {
    const cases: [Parameters<typeof writeTarGz>[0], RegExp][] = [
      [[{ path: 'c-ares-1.34.5/include/a.h', data: 'a' }, { path: 'c-ares-1.34.5/../../etc/evil', data: 'x' }], /climbs out of the directory/],
      [[{ path: '/etc/evil', data: 'x' }], /absolute path/],
      [[{ path: 'c-ares-1.34.5/a', data: 'a' }, { path: 'other/b', data: 'b' }], /outside the archive's top directory c-ares-1\.34\.5\//],
    ];
    for (const [entries, message] of cases) {
      const read = await readTarGz(writeTarGz(entries), LABEL);
      assert.throws(() => stripAndCheck(read, 1, LABEL), (error: unknown) => error instanceof InputError && message.test(error.message) && /nothing was written/.test(error.message));
    }
  });

  it('keeps links that stay inside, refuses links that leave, copies hard links', async () => {
    const inside = stripAndCheck(await readTarGz(writeTarGz([{ path: 'd-1/lib/a.h', data: 'a' }, { path: 'd-1/include/a.h', type: 'SymbolicLink', linkpath: '../lib/a.h' }, { path: 'd-1/copy.h', type: 'Link', linkpath: 'd-1/lib/a.h' }]), LABEL), 1, LABEL);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-links-'));
    await writeEntries(dir, inside);
    assert.equal(readlinkSync(join(dir, 'include', 'a.h')), '../lib/a.h');
    assert.equal(readFileSync(join(dir, 'copy.h'), 'utf8'), 'a');
    for (const linkpath of ['../../outside', '/etc/passwd']) {
      const read = await readTarGz(writeTarGz([{ path: 'd-1/a', data: 'a' }, { path: 'd-1/include/evil', type: 'SymbolicLink', linkpath }]), LABEL);
      assert.throws(() => stripAndCheck(read, 1, LABEL), /is a link to .*(outside the directory|absolute path)/);
    }
  });

  it('refuses a chain of links that passes the name checks but leads out on disk (a -> ., a/up -> ..)', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'vigil-chain-'));
    const dir = join(parent, 'staged');
    mkdirSync(dir);
    const read = await readTarGz(writeTarGz([{ path: 'd-1/a', type: 'SymbolicLink', linkpath: '.' }, { path: 'd-1/a/up', type: 'SymbolicLink', linkpath: '..' }, { path: 'd-1/a/up/escaped.txt', data: 'x' }]), LABEL);
    const checked = stripAndCheck(read, 1, LABEL);
    await assert.rejects(writeEntries(dir, checked), (error: unknown) => error instanceof InputError && /refusing to write outside/.test(error.message));
    assert.deepEqual(readdirSync(parent), ['staged']);
  });

  it('reads a zip (ada and simdutf publish singleheader.zip) and refuses a cut one', async () => {
    const zip = writeZip([{ name: 'ada.h', data: '#define ADA_VERSION "2.9.2"\n' }, { name: 'ada.cpp', data: '// ada\n' }]);
    const entries = stripAndCheck(await readZipArchive(zip, 'singleheader.zip'), 0, 'singleheader.zip');
    assert.deepEqual(entries.map((entry) => entry.path), ['ada.h', 'ada.cpp']);
    await assert.rejects(readZipArchive(zip.subarray(0, 40), 'singleheader.zip'), /singleheader\.zip: not a complete zip archive/);
    const evil = await readZipArchive(writeZip([{ name: '../evil.h', data: 'x' }]), 'evil.zip');
    assert.throws(() => stripAndCheck(evil, 0, 'evil.zip'), /evil\.zip: entry "\.\.\/evil\.h" climbs out/);
  });
});

describe('checksums upstream publishes next to an archive', () => {
  const data = Buffer.from('archive bytes');
  const hash = sha256(data);
  it('finds the archive in sha256sum output, BSD --tag output and a bare .sha256', () => {
    assert.equal(checksumFor(`${'0'.repeat(64)}  nghttp2-1.64.0.tar.bz2\n${hash}  nghttp2-1.64.0.tar.gz\n`, 'nghttp2-1.64.0.tar.gz'), hash);
    assert.equal(checksumFor(`${hash} *nghttp2-1.64.0.tar.gz\n`, 'nghttp2-1.64.0.tar.gz'), hash);
    assert.equal(checksumFor(`SHA256 (nghttp2-1.64.0.tar.gz) = ${hash.toUpperCase()}\n`, 'nghttp2-1.64.0.tar.gz'), hash);
    assert.equal(checksumFor(`${hash}\n`, 'x.tar.gz'), hash);
    assert.equal(checksumFor(`${hash}  other.tar.gz\n`, 'x.tar.gz'), undefined);
  });
  it('refuses a mismatch, saying both hashes', () => {
    assert.equal(verifySha256(data, hash, 'a.tar.gz', 'checksums.txt'), hash);
    assert.throws(() => verifySha256(Buffer.from('other'), hash, 'a.tar.gz', 'checksums.txt'), (error: unknown) => error instanceof InputError && error.message.includes(hash) && /nothing was written/.test(error.message));
  });
});

describe('the directory layout Node keeps', () => {
  it('matches globs within a segment and whole directories', () => {
    assert.ok(matchesGlob('lib', 'lib/includes/nghttp2/nghttp2ver.h'));
    assert.ok(matchesGlob('*.gyp', 'cares.gyp'));
    assert.ok(!matchesGlob('*.gyp', 'src/cares.gyp'));
    assert.ok(matchesGlob('*_demo.cpp', 'simdutf_demo.cpp'));
    assert.ok(!matchesGlob('lib', 'library.c'));
  });
  it('selects nghttp2 lib/ and COPYING only, drops tests, keeps Node’s gyp and config.h', () => {
    const entry = (path: string) => ({ path, kind: 'file' as const, data: Buffer.alloc(0), executable: false });
    const archive = ['COPYING', 'README.rst', 'lib/nghttp2_session.c', 'lib/includes/nghttp2/nghttp2ver.h', 'src/shrpx.cc', 'test/main.c'].map(entry);
    assert.deepEqual(selectEntries(archive, { only: ['lib', 'COPYING'], drop: ['test'] }).map((item) => item.path), ['COPYING', 'lib/nghttp2_session.c', 'lib/includes/nghttp2/nghttp2ver.h']);
    assert.deepEqual(keptFiles(['nghttp2.gyp', 'BUILD.gn', 'lib/includes/config.h', 'lib/nghttp2_session.c'], { keep: ['lib/includes/config.h', 'nghttp2.gyp', '*.gn'] }), ['nghttp2.gyp', 'BUILD.gn', 'lib/includes/config.h']);
  });
});
