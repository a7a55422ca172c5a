import type { Inventory } from '../types.js';

/** What every writer gets besides the inventory. */
export interface WriterOptions {
  color: boolean;
  toolVersion: string;
  /** Fixed time and ids, for reproducible SBOMs (tests, reproducible builds). */
  now?: Date;
  documentId?: string;
}

export interface InventoryWriter {
  id: 'table' | 'json' | 'cyclonedx' | 'spdx';
  description: string;
  write(inventory: Inventory, options: WriterOptions): Promise<string>;
}

/** One entry per output format (STYLE.md rule 2); `--format` choices and help come from here. */
export const inventoryWriters: InventoryWriter[] = [
  { id: 'table', description: 'a readable table grouped by origin', write: async (inventory, options) => (await import('./table.js')).writeTable(inventory, options) },
  { id: 'json', description: 'the full inventory model', write: async (inventory) => `${JSON.stringify(inventory, null, 2)}\n` },
  {
    id: 'cyclonedx',
    description: 'CycloneDX 1.6 JSON',
    write: async (inventory, options) =>
      (await import('../../formats/cyclonedx/write.js')).writeCycloneDx(inventory, { toolVersion: options.toolVersion, ...(options.now ? { now: options.now } : {}), ...(options.documentId ? { serialNumber: `urn:uuid:${options.documentId}` } : {}) }),
  },
  {
    id: 'spdx',
    description: 'SPDX 2.3 JSON',
    write: async (inventory, options) =>
      (await import('../../formats/spdx/write.js')).writeSpdx(inventory, { toolVersion: options.toolVersion, ...(options.now ? { now: options.now } : {}), ...(options.documentId ? { namespaceId: options.documentId } : {}) }),
  },
];

/** The writer for a `--format` value, or undefined. */
export function findWriter(id: string): InventoryWriter | undefined {
  return inventoryWriters.find((writer) => writer.id === id);
}
