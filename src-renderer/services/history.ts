/** A project's history for the project page: branches, paged version summaries, compare, files. */
import { historyRoutes, type BranchInfo } from '../../src-shared/api/history.js';
import { metadataRoutes, type VersionMetadata } from '../../src-shared/api/metadata.js';
import type { TreeEntry } from '../../src-shared/api/commits.js';
import {
  versionRoutes,
  type CompareResponse,
  type PeaksResponse,
  type VersionsResponse,
} from '../../src-shared/api/versions.js';
import { api } from './client.js';

export type { BranchInfo, CompareResponse, PeaksResponse, VersionsResponse };

export function listBranches(ns: string, name: string): Promise<BranchInfo[]> {
  return api().call(historyRoutes.branches, { params: { ns, name } });
}

export function versionsPage(
  ns: string,
  name: string,
  query: { branch?: string; offset: number; limit: number },
): Promise<VersionsResponse> {
  return api().call(versionRoutes.list, { params: { ns, name }, query });
}

export function compareVersions(
  ns: string,
  name: string,
  from: string,
  to: string,
): Promise<CompareResponse> {
  return api().call(versionRoutes.compare, { params: { ns, name }, query: { from, to } });
}

export async function versionFiles(ns: string, name: string, commit: string): Promise<TreeEntry[]> {
  return (await api().call(historyRoutes.tree, { params: { ns, name, commit } })).entries;
}

export function versionMetadata(
  ns: string,
  name: string,
  commit: string,
): Promise<VersionMetadata> {
  return api().call(metadataRoutes.get, { params: { ns, name, commit } });
}

export function peaks(
  ns: string,
  name: string,
  commit: string,
  path: string,
  buckets: number,
): Promise<PeaksResponse> {
  return api().call(versionRoutes.peaks, {
    params: { ns, name, commit },
    query: { path, buckets },
  });
}

/** The file's URL: the session cookie authenticates it, so <audio> and <a download> just work. */
export function fileUrl(ns: string, name: string, commit: string, path: string): string {
  return api().url(historyRoutes.file, { params: { ns, name, commit }, query: { path } });
}
