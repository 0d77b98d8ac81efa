/** The .logicx / .band reader, the metadata diff and the project watcher. */
export { readBundle, readBundleFromSource, inspectBundle, isBundleName } from './reader.js';
export type { BundleReading } from './reader.js';
export { createFsSource, createMemorySource } from './source.js';
export type { BundleFileSource } from './source.js';
export { decodeProjectData } from './projectdata.js';
export { diffMetadata } from './diff.js';
export type { MetadataChange, MetadataDiff } from './diff.js';
