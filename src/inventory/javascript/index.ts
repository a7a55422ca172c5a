import type { FileSource } from '../file-source.js';
import type { InventoryProblem, InventorySource, Package } from '../types.js';

/** What scanning the JavaScript projects of a tree yields; merged by buildInventory. */
export interface JavaScriptScan {
  packages: Package[];
  sources: InventorySource[];
  problems: InventoryProblem[];
}

export interface JavaScriptScanOptions {
  /** Also read installed node_modules trees (and not only lockfiles). */
  installed: boolean;
  /** Directories (relative, POSIX) already owned by another scanner, e.g. Node core's deps/. */
  exclude: string[];
}

/**
 * The contract between the vendored scanner and the lockfile scanner (issue #2): every lockfile,
 * installed tree and SBOM under the root. The lockfile parsers land behind this signature.
 */
export async function scanJavaScriptProjects(source: FileSource, options: JavaScriptScanOptions): Promise<JavaScriptScan> {
  void source;
  void options;
  return { packages: [], sources: [], problems: [] };
}
