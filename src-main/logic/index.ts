/** The .logicx / .band reader, the metadata diff and the project watcher. */
export {
  readBundle,
  readBundleFromSource,
  readBundleFromFiles,
  inspectBundle,
  inspectBundlePath,
  isBundleName,
} from './reader.js';
export type { BundleReading } from './reader.js';
export { createFsSource, createMemorySource, createCallbackSource } from './source.js';
export type { BundleFileSource } from './source.js';
export { decodeProjectData } from './projectdata.js';
export { diffMetadata } from './diff.js';
export type { MetadataChange, MetadataDiff } from './diff.js';
export { ProjectWatcher, defaultLibrary } from './watcher.js';
export type {
  ProjectWatcherEvents,
  ProjectWatcherOptions,
  ProjectAdded,
  ProjectUpdated,
  ProjectRemoved,
  WatchedProject,
} from './watcher.js';
export type { FsWatchAdapter, FsEventType } from './fs-watch.js';
export { createTreeSource, readBundleFromTree } from './tree-source.js';
export type { TreeFileReader } from './tree-source.js';
export { readProjectOf } from './commit-metadata.js';
