export type { Inventory, InventoryProblem, InventorySource, Package } from './types.js';
export type { FileSource } from './file-source.js';
export { WorkTreeSource, GitRefSource } from './file-source.js';
export { vendoredDependencies } from './vendored/registry.js';
export { buildInventory, inventoryPath, type InventoryOptions } from './build.js';
